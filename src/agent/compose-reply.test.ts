import { describe, expect, it } from "vitest";
import { buildHandoffPacket } from "./build-handoff-packet.js";
import { buildTrainingSet } from "./build-training-set.js";
import { composeAnswer, composeReply, excerpt } from "./compose-reply.js";
import { MAX_MESSAGE_CHARS, normaliseMessage } from "./normalise-message.js";

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

describe("handoff packet", () => {
  const input = {
    conversationId: "conv_1",
    reason: "sensitive_topic",
    detail: "billing_dispute",
    confidence: 0.42,
    sources: [{ id: "art_1", title: "Refunds", score: 0.4 }],
    transcript: [{ role: "customer", content: "I'll do a chargeback", at: 1 }],
    answeredTitles: [],
    customerRef: "cust_9",
    metadata: { plan: "pro" },
    agentVersion: "ver_x",
    now: 4,
  } as const;

  it("carries only the fields the contract's payload lists", () => {
    const all = buildHandoffPacket(input);
    expect(all).toMatchObject({
      payload: ["transcript", "summary", "sources", "confidence", "reason", "customer", "metadata"],
      reason: "sensitive_topic",
      reasonText: "the conversation touches a sensitive topic",
      customerRef: "cust_9",
      metadata: { plan: "pro" },
    });
    const limited = buildHandoffPacket({ ...input, payload: ["summary", "reason"] });
    expect(Object.keys(limited).sort()).toEqual(
      [
        "agentVersion",
        "conversationId",
        "createdAt",
        "detail",
        "payload",
        "reason",
        "reasonText",
        "summary",
      ].sort(),
    );
    expect(limited.payload).toEqual(["summary", "reason"]);
    const none = buildHandoffPacket({ ...input, payload: [] });
    expect(Object.keys(none).sort()).toEqual(["agentVersion", "conversationId", "createdAt", "payload"]);
  });

  it("summarises what was asked, tried and why", () => {
    const p = buildHandoffPacket({
      conversationId: "conv_1",
      reason: "sensitive_topic",
      detail: "billing_dispute",
      confidence: 0.42,
      sources: [{ id: "art_1", title: "Refunds", score: 0.4 }],
      transcript: [
        { role: "customer", content: "how do refunds work", at: 1 },
        { role: "ai", content: "…", at: 2 },
        { role: "customer", content: "I'll do a chargeback then", at: 3 },
      ],
      answeredTitles: ["Refunds"],
      customerRef: "cust_9",
      metadata: {},
      agentVersion: "ver_x",
      now: 4,
    });
    expect(p.summary).toBe(
      "Customer asked: “how do refunds work”. Latest message: “I'll do a chargeback then”. The agent answered with “Refunds”. Escalated because the conversation touches a sensitive topic (billing_dispute).",
    );
    expect(p.transcript).toHaveLength(3);
    expect(p.confidence).toBe(0.42);
  });
});

describe("training set", () => {
  it("learns titles, questions, half-weight headings and approved examples; drops orphans", () => {
    const { examples, answers } = buildTrainingSet(
      [
        {
          id: "art_1",
          slug: "s",
          title: "Reset your password",
          body: article.body,
          questions: ["forgot password"],
        },
      ],
      [{ id: "ans_1", title: "data retention", body: "30 days" }],
      [
        { text: "how long do you keep deleted projects", label: "ans_1" },
        { text: "orphan", label: "art_gone" },
      ],
    );
    expect(examples).toEqual([
      { text: "Reset your password", label: "art_1" },
      { text: "forgot password", label: "art_1" },
      { text: "Steps", label: "art_1", weight: 0.5 },
      { text: "data retention", label: "ans_1" },
      { text: "how long do you keep deleted projects", label: "ans_1" },
    ]);
    expect([...answers.keys()]).toEqual(["art_1", "ans_1"]);
  });
});

describe("normaliseMessage", () => {
  it("folds space, strips control and zero-width characters, composes Unicode", () => {
    expect(normaliseMessage("  he\u0000llo\u200b   wor\tld \r\n\r\n\r\n\r\nok ")).toBe("hello wor ld \n\nok");
    expect(normaliseMessage("e\u0301")).toBe("é");
    expect(MAX_MESSAGE_CHARS).toBe(8000);
  });
});
