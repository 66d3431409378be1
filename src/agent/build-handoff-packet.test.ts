import { describe, expect, it } from "vitest";
import { buildHandoffPacket } from "./build-handoff-packet.js";

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
