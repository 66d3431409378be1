import { describe, expect, it } from "vitest";
import { redactHandoff } from "./redact-handoff.js";
import { tombstone } from "./retention-policy.js";

const T = tombstone(30);
const packet = {
  conversationId: "conv_1",
  reason: "customer_requested_human",
  summary: "Customer asked: “my email is jane@example.com”.",
  confidence: 0.2,
  sources: [{ id: "art_1", title: "Reset", score: 0.4 }],
  transcript: [
    { role: "customer", content: "my email is jane@example.com", at: 1 },
    { role: "ai", content: "Let me get a person.", at: 2 },
  ],
  customerRef: "cust-9",
  agentVersion: "ver_1",
  createdAt: 2,
};
const handoff = { summary: packet.summary, packet: JSON.stringify(packet), resolution: "called Jane" };

describe("handoff redaction", () => {
  it("personal scope removes only the customer reference", () => {
    const r = redactHandoff(handoff, "personal", "");
    expect(r).toBeDefined();
    const p = JSON.parse(r!.packet);
    expect(p).toEqual({ ...packet, customerRef: null });
    expect(r!.summary).toBe(handoff.summary);
    expect(r!.resolution).toBe("called Jane");
    expect(redactHandoff(r!, "personal", "")).toBeUndefined();
  });

  it("content scope replaces every text and keeps the packet's shape", () => {
    const r = redactHandoff(handoff, "content", T)!;
    const p = JSON.parse(r.packet);
    expect(r.summary).toBe(T);
    expect(r.resolution).toBe(T);
    expect(p.summary).toBe(T);
    expect(p.customerRef).toBeNull();
    expect(p.transcript).toEqual([
      { role: "customer", content: T, at: 1 },
      { role: "ai", content: T, at: 2 },
    ]);
    expect(p.sources).toEqual(packet.sources);
    expect(p.reason).toBe(packet.reason);
    expect(JSON.stringify(r)).not.toContain("jane");
    expect(redactHandoff(r, "content", T)).toBeUndefined();
    expect(redactHandoff(r, "content", tombstone(99))).toBeUndefined();
  });

  it("leaves a missing resolution missing, and replaces a packet it cannot read", () => {
    const r = redactHandoff({ summary: "s", packet: "not json", resolution: null }, "content", T)!;
    expect(r.resolution).toBeNull();
    expect(JSON.parse(r.packet)).toEqual({ removed: T });
    expect(redactHandoff(r, "content", T)).toBeUndefined();
    expect(
      redactHandoff({ summary: "s", packet: "not json", resolution: null }, "personal", ""),
    ).toBeUndefined();
  });

  it("clears the metadata a packet carries with the personal data, and leaves an omitted summary empty", () => {
    const carried = { ...packet, metadata: { email: "jane@example.com" } };
    const r = redactHandoff({ ...handoff, packet: JSON.stringify(carried) }, "personal", "")!;
    expect(JSON.parse(r.packet)).toEqual({ ...carried, customerRef: null, metadata: {} });
    expect(redactHandoff(r, "personal", "")).toBeUndefined();
    // A packet without summary or transcript (the contract's payload left them out).
    const { summary: _s, transcript: _t, ...bare } = packet;
    const content = redactHandoff(
      { summary: "", packet: JSON.stringify(bare), resolution: null },
      "content",
      T,
    )!;
    expect(content.summary).toBe("");
    expect(JSON.parse(content.packet)).toEqual({ ...bare, customerRef: null });
  });
});
