import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

// The widget's "talk to a person" button: POST /v1/conversations/:id/escalate with a widget key and the
// conversation's token, as a browser sends it.

interface Started {
  conversationId: string;
  conversationToken: string;
}

const ASKED = "I'd like to talk to a person, please.";
const PASSED_ON = "Of course — I'm passing you to a person on our support team. They'll reply here.";

for (const dialect of DIALECTS) {
  describe(`POST /v1/conversations/:id/escalate with a widget key (${dialect})`, () => {
    let t: TestApp;
    let conv: Started;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { content: "How do I reset my password?", customerRef: "cust-7" },
      });
      expect(r.statusCode, r.body).toBe(201);
      conv = json<Started>(r);
    });
    afterEach(() => t.close());

    const escalate = (headers: Record<string, string> = {}) =>
      t.request("POST", `/v1/conversations/${conv.conversationId}/escalate`, {
        key: t.keys.widget,
        headers: { "x-conversation-token": conv.conversationToken, ...headers },
      });
    const handoffs = async () =>
      json<{ items: { id: string; conversationId: string; status: string; reason: string }[] }>(
        await t.request("GET", "/v1/handoffs", { key: t.keys.agent }),
      ).items;

    it("hands the conversation to a person and answers in the customer's view", async () => {
      const r = await escalate();
      expect(r.statusCode, r.body).toBe(201);
      const at = new Date(t.clock.now()).toISOString();
      const message = { conversationId: conv.conversationId, createdAt: at };
      expect(json(r)).toEqual({
        conversation: { id: conv.conversationId, status: "escalated", createdAt: at, lastMessageAt: at },
        message: { ...message, id: expect.stringMatching(/^msg_/), seq: 3, role: "customer", content: ASKED },
        reply: { ...message, id: expect.stringMatching(/^msg_/), seq: 4, role: "ai", content: PASSED_ON },
        citations: [],
        handoff: { status: "open" },
      });
    });

    it("puts one handoff in the inbox, with the reason and the transcript, for staff only", async () => {
      expect(await handoffs()).toEqual([]);
      expect((await escalate()).statusCode).toBe(201);
      const [h, ...more] = await handoffs();
      expect(more).toEqual([]);
      expect(h).toMatchObject({
        conversationId: conv.conversationId,
        status: "open",
        reason: "customer_requested_human",
      });
      const detail = json<{ packet: { transcript: { role: string; content: string }[] } }>(
        await t.request("GET", `/v1/handoffs/${h?.id}`, { key: t.keys.agent }),
      );
      expect(detail.packet.transcript.map((l) => [l.role, l.content])).toEqual([
        ["customer", "How do I reset my password?"],
        ["ai", expect.stringContaining("Forgot password")],
        ["customer", ASKED],
        ["ai", PASSED_ON],
      ]);
      const staffView = json<{ decisions: { action: string; reason: string }[] }>(
        await t.request("GET", `/v1/conversations/${conv.conversationId}`, { key: t.keys.agent }),
      );
      expect(staffView.decisions.map((d) => [d.action, d.reason])).toEqual([
        ["answer", "answered"],
        ["escalate", "customer_requested_human"],
      ]);
      // The widget key reaches neither the inbox nor a handoff.
      expect((await t.request("GET", "/v1/handoffs", { key: t.keys.widget })).statusCode).toBe(403);
      expect((await t.request("GET", `/v1/handoffs/${h?.id}`, { key: t.keys.widget })).statusCode).toBe(403);
    });

    it("asking again once a person has it opens no second handoff", async () => {
      expect((await escalate()).statusCode).toBe(201);
      const again = await escalate();
      expect(again.statusCode, again.body).toBe(201);
      expect(json(again)).toMatchObject({
        conversation: { status: "escalated" },
        message: { seq: 5, role: "customer", content: ASKED },
        reply: null,
        handoff: { status: "open" },
      });
      expect(await handoffs()).toHaveLength(1);
    });

    it("a retry with the same Idempotency-Key replays the first answer and stores nothing twice", async () => {
      const first = await escalate({ "idempotency-key": "button-1" });
      const retry = await escalate({ "idempotency-key": "button-1" });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers["idempotent-replayed"]).toBe("true");
      expect(retry.body).toBe(first.body);
      expect(await handoffs()).toHaveLength(1);
      const messages = await t.store.db
        .selectFrom("messages")
        .select("content")
        .where("conversation_id", "=", conv.conversationId)
        .execute();
      expect(messages.filter((m) => m.content === ASKED)).toHaveLength(1);
    });

    it("without the conversation's token it is NOT_FOUND and nothing changes", async () => {
      const r = await t.request("POST", `/v1/conversations/${conv.conversationId}/escalate`, {
        key: t.keys.widget,
      });
      expect(r.statusCode).toBe(404);
      expect(json<{ error: { code: string } }>(r).error.code).toBe("NOT_FOUND");
      expect(await handoffs()).toEqual([]);
    });
  });
}
