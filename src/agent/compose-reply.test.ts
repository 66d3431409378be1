import { describe, expect, it } from "vitest";
import { composeAnswer, composeReply, excerpt } from "./compose-reply.js";

const article = {
  id: "art_1",
  kind: "article" as const,
  title: "Reset your password",
  slug: "reset-password",
  body: "# Reset your password\n\nUse the reset link.\n\n## Steps\n\n1. Open sign-in.\n2. Click Forgot password.\n\nMore text that should not appear.",
};

describe("replies", () => {
  it("quotes the opening and the first steps, then cites the article", () => {
    const text = composeAnswer(article, "answered");
    expect(text).toContain("Use the reset link.");
    expect(text).toContain("2. Click Forgot password.");
    expect(text).not.toContain("More text");
    expect(text).not.toContain("# Reset");
    expect(text.endsWith("Source: Reset your password (/kb/reset-password)")).toBe(true);
    expect(composeAnswer(article, "retry_answer")).toMatch(/^Sorry that didn't help/);
  });

  it("cuts long bodies at the limit", () => {
    const long = `# T\n\n${"word ".repeat(1000)}`;
    expect(excerpt(long, 200).length).toBeLessThanOrEqual(201);
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
