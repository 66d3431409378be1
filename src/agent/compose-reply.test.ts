import { describe, expect, it } from "vitest";
import { composeAnswer, composeReply, replyFormatOf } from "./compose-reply.js";

const steps = {
  id: "art_1:steps",
  sourceId: "art_1",
  kind: "article" as const,
  title: "Reset your password",
  slug: "reset-password",
  anchor: "steps",
  section: "Steps",
  body: "To reset it:\n\n1. Open **sign-in**.\n2. Click [Forgot password](https://example.com/forgot).",
};

describe("replies", () => {
  it("quotes the passage whole, then cites the article's section", () => {
    const text = composeAnswer(steps, "answered", "markdown");
    expect(text.startsWith(steps.body)).toBe(true);
    expect(text.endsWith("Source: Reset your password › Steps (/kb/reset-password#steps)")).toBe(true);
    expect(composeAnswer(steps, "retry_answer", "markdown")).toMatch(/^Sorry that didn't help/);
  });

  it("sends plain text to channels that cannot render Markdown", () => {
    const text = composeAnswer(steps, "answered", replyFormatOf("email"));
    expect(text).not.toContain("**");
    expect(text).toContain("sign-in");
    expect(text).toContain("Forgot password (https://example.com/forgot)");
    expect(replyFormatOf("widget")).toBe("markdown");
    expect(replyFormatOf("api")).toBe("markdown");
    expect(replyFormatOf("sms")).toBe("text");
  });

  it("cites the top of an article without an anchor, and a learned answer not at all", () => {
    const top = { ...steps, id: "art_1:", anchor: "", section: undefined };
    expect(composeAnswer(top, "answered", "markdown")).toMatch(
      /Source: Reset your password \(\/kb\/reset-password\)$/,
    );
    const learned = { ...top, id: "ex_1:", sourceId: "ex_1", kind: "learned" as const, slug: undefined };
    expect(composeAnswer(learned, "answered", "markdown")).not.toContain("Source:");
  });

  it("tells the customer a person takes over, for every reason the agent escalates", () => {
    for (const r of [
      "customer_requested_human",
      "sensitive_topic",
      "negative_sentiment",
      "repeated_failure",
      "low_confidence",
      "no_knowledge",
    ] as const) {
      expect(composeReply(r), r).toMatch(/\ba person on our (support )?team\b/);
    }
    // Where the agent failed or the customer is upset, it says sorry first.
    expect(composeReply("negative_sentiment")).toMatch(/^I'm sorry/);
    expect(composeReply("repeated_failure")).toMatch(/^I'm sorry/);
  });

  it("keeps the conversation with the agent after a greeting, thanks or a statement", () => {
    expect(composeReply("greeting")).toBe("Hi! What can I help you with today?");
    expect(composeReply("acknowledged")).toBe("Glad that helped! If anything else comes up, just ask.");
    expect(composeReply("not_a_question")).toBe(
      "Could you tell me a little more about what you need help with?",
    );
  });
});
