import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settleOutcomes } from "../src/conversations/index.js";
import { tombstone } from "../src/governance/retention-policy.js";
import { sequenceLedger } from "../src/ledger/index.js";
import { DAY, HOUR } from "../src/shared/clock.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

interface Exchange {
  conversation: {
    id: string;
    status: string;
    outcome: { state: string; resolution: string | null; eligible: boolean; reopenCount: number };
  };
  message: { id: string; seq: number; intent: string };
  reply: { content: string; seq: number } | null;
  decision: {
    action: string;
    reason: string;
    detail: string | null;
    confidence: number;
    answerId: string | null;
    sources: { id: string; title: string }[];
    agentVersion: string;
  } | null;
  handoff: { id: string; status: string; reason: string } | null;
}

for (const dialect of DIALECTS) {
  describe(`the agent end to end (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    // Staff keys see the agent's decisions; widget calls (the customer's) carry the conversation token.
    const tokens = new Map<string, string>();
    const start = async (content?: string) => {
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.agent,
        body: content ? { content } : {},
      });
      expect(r.statusCode, r.body).toBe(201);
      const body = json<{ conversationId: string; conversationToken: string; exchange: Exchange | null }>(r);
      tokens.set(body.conversationId, body.conversationToken);
      return body;
    };
    const asCustomer = (conv: string, headers: Record<string, string> = {}) => ({
      key: t.keys.widget,
      headers: { "x-conversation-token": tokens.get(conv) ?? "", ...headers },
    });
    const say = async (conv: string, content: string) => {
      const r = await t.request("POST", `/v1/conversations/${conv}/messages`, {
        key: t.keys.agent,
        body: { content },
      });
      expect(r.statusCode, r.body).toBe(201);
      return json<Exchange>(r);
    };
    const settle = () => settleOutcomes({ store: t.store, clock: t.clock });
    const outcomeOf = async (conv: string) =>
      json<{ conversation: Exchange["conversation"] }>(await t.request("GET", `/v1/conversations/${conv}`))
        .conversation.outcome;

    it("answers from the knowledge base, citing the article, and records the decision", async () => {
      const { conversationId, exchange } = await start("How do I reset my password?");
      expect(exchange?.decision?.action).toBe("answer");
      expect(exchange?.decision?.reason).toBe("answered");
      expect(exchange?.reply?.content).toContain("Forgot password");
      expect(exchange?.reply?.content).toContain("Source: Reset your password");
      expect(exchange?.decision?.sources[0]?.title).toBe("Reset your password");
      expect(exchange?.decision?.agentVersion).toMatch(/^ver_[0-9a-f]{24}$/);
      const detail = json<{ messages: { role: string }[]; decisions: unknown[] }>(
        await t.request("GET", `/v1/conversations/${conversationId}`),
      );
      expect(detail.messages.map((m) => m.role)).toEqual(["customer", "ai"]);
      expect(detail.decisions).toHaveLength(1);
    });

    it("every decision is in the tenant's ledger, with digests instead of customer text", async () => {
      const a = await start("How do I reset my password?");
      await say(a.conversationId, "can I talk to a human please");
      await sequenceLedger({ store: t.store }, t.tenantId);
      const decisions = await t.store.db
        .selectFrom("decisions")
        .select("decision_id")
        .where("tenant_id", "=", t.tenantId)
        .execute();
      const entries = await t.store.db
        .selectFrom("ledger_entries")
        .select("entry")
        .where("tenant_id", "=", t.tenantId)
        .where("type", "=", "decision")
        .execute();
      const logged = entries.map(
        (e) =>
          JSON.parse(e.entry) as {
            subject: { decision: string };
            data: { inputDigest: string; reason: string };
          },
      );
      expect(logged.map((e) => e.subject.decision).sort()).toEqual(
        decisions.map((d) => d.decision_id).sort(),
      );
      expect(logged.map((e) => e.data.reason).sort()).toEqual(["answered", "customer_requested_human"]);
      for (const e of entries) expect(e.entry).not.toMatch(/password|human please/i);
      expect(logged[0]?.data.inputDigest).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    });

    it("escalates on each trigger with a handoff packet", async () => {
      const cases: [string, string, string | null][] = [
        ["Can I talk to a human please?", "customer_requested_human", null],
        ["I'm going to dispute the charge with my bank", "sensitive_topic", "billing_dispute"],
        ["My lawyer will contact you about this", "sensitive_topic", "legal_threat"],
        ["This is ridiculous, your product is garbage and I'm furious", "negative_sentiment", null],
        ["What is the airspeed velocity of an unladen swallow", "low_confidence", null],
      ];
      for (const [text, reason, detail] of cases) {
        const { exchange } = await start(text);
        expect(exchange?.decision?.action, text).toBe("escalate");
        expect(exchange?.decision?.reason, text).toBe(reason);
        if (detail) expect(exchange?.decision?.detail).toBe(detail);
        expect(exchange?.handoff?.status).toBe("open");
        expect(exchange?.conversation.status).toBe("escalated");
        const h = json<{ summary: string; packet: { transcript: { role: string }[]; reasonText: string } }>(
          await t.request("GET", `/v1/handoffs/${exchange?.handoff?.id}`, { key: t.keys.agent }),
        );
        expect(h.summary).toContain(text.slice(0, 20));
        expect(h.packet.transcript.map((l) => l.role)).toEqual(["customer", "ai"]);
      }
    });

    it("escalates after repeated failure, offering another answer first", async () => {
      // The stand-in resolver's runner-up scores are low; this test is about the flow, not the scores.
      await t.request("PATCH", "/v1/tenant/settings", { body: { confidenceThreshold: 0.05 } });
      const { conversationId } = await start("how do I export my data");
      const first = await say(conversationId, "no, that didn't help");
      expect(first.decision?.action).toBe("answer");
      expect(first.decision?.reason).toBe("retry_answer");
      const second = await say(conversationId, "still doesn't work");
      expect(second.decision?.action).toBe("escalate");
      expect(second.decision?.reason).toBe("repeated_failure");
    });

    it("a person takes over: claim, reply, resolve; the agent stays quiet meanwhile", async () => {
      const { conversationId, exchange } = await start("I want to speak to a real person");
      const id = exchange!.handoff!.id;
      const inbox = json<{ items: { id: string }[] }>(
        await t.request("GET", "/v1/handoffs", { key: t.keys.agent }),
      );
      expect(inbox.items.map((h) => h.id)).toContain(id);
      t.clock.advance(5 * 60_000);
      const claim = await t.request("POST", `/v1/handoffs/${id}/claim`, {
        key: t.keys.agent,
        body: { agent: "Dana" },
      });
      expect(json<{ status: string; claimedBy: string }>(claim)).toMatchObject({
        status: "claimed",
        claimedBy: "Dana",
      });
      const stolen = await t.request("POST", `/v1/handoffs/${id}/claim`, {
        key: t.keys.agent,
        body: { agent: "Lee" },
      });
      expect(stolen.statusCode).toBe(409);
      const waiting = await say(conversationId, "hello? anyone there?");
      expect(waiting.reply).toBeNull();
      const rep = await t.request("POST", `/v1/handoffs/${id}/reply`, {
        key: t.keys.agent,
        body: { content: "Hi, Dana here. I've sent you a new invite.", agent: "Dana" },
      });
      expect(rep.statusCode).toBe(201);
      const res = await t.request("POST", `/v1/handoffs/${id}/resolve`, {
        key: t.keys.agent,
        body: { resolution: "Re-sent invite", agent: "Dana" },
      });
      expect(json<{ status: string }>(res).status).toBe("resolved");
      const detail = json<{
        messages: { role: string }[];
        conversation: { status: string; outcome: { state: string } };
      }>(await t.request("GET", `/v1/conversations/${conversationId}`));
      expect(detail.messages.map((m) => m.role)).toEqual(["customer", "ai", "customer", "human"]);
      expect(detail.conversation.status).toBe("closed");
      expect(detail.conversation.outcome.state).toBe("escalated");
      const closed = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
        ...asCustomer(conversationId),
        body: { content: "thanks" },
      });
      expect(closed.statusCode).toBe(409);
    });

    it("an approved human resolution teaches this tenant's agent, and only this tenant's", async () => {
      const question = "what is your data retention period for deleted projects";
      const before = await start(question);
      expect(before.exchange?.decision?.action).toBe("escalate");
      const id = before.exchange!.handoff!.id;
      await t.request("POST", `/v1/handoffs/${id}/reply`, {
        key: t.keys.agent,
        body: { content: "Deleted projects are kept for 30 days, then purged." },
      });
      const early = await t.request("POST", `/v1/handoffs/${id}/learning`, { body: { decision: "approve" } });
      expect(early.statusCode).toBe(409);
      await t.request("POST", `/v1/handoffs/${id}/resolve`, {
        key: t.keys.agent,
        body: { resolution: "answered retention" },
      });
      const forbidden = await t.request("POST", `/v1/handoffs/${id}/learning`, {
        key: t.keys.agent,
        body: { decision: "approve" },
      });
      expect(forbidden.statusCode).toBe(403);
      const ok = await t.request("POST", `/v1/handoffs/${id}/learning`, { body: { decision: "approve" } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(json<{ label: string }>(ok).label).toMatch(/^ans_/);
      const again = await t.request("POST", `/v1/handoffs/${id}/learning`, { body: { decision: "approve" } });
      expect(again.statusCode).toBe(409);

      const after = await start("what is the data retention period for deleted projects?");
      expect(after.exchange?.decision?.action).toBe("answer");
      expect(after.exchange?.reply?.content).toContain("kept for 30 days");
      expect(after.exchange?.decision?.agentVersion).not.toBe(before.exchange?.decision?.agentVersion);

      // Another tenant with the same knowledge base never sees the learned answer.
      const other = json<{ adminKey: { key: string } }>(
        await t.request("POST", "/v1/tenants", {
          key: "vroot_test_root_key_0123456789abcdef",
          body: { name: "Other", slug: "other" },
        }),
      ).adminKey.key;
      const widget = json<{ key: string }>(
        await t.request("POST", "/v1/keys", { key: other, body: { scope: "widget", name: "w" } }),
      ).key;
      const o = await t.request("POST", "/v1/conversations", {
        key: widget,
        body: { content: "what is the data retention period for deleted projects?" },
      });
      // The customer's view: no decision, but the conversation went to a person.
      expect(json<{ exchange: Exchange }>(o).exchange.handoff).toEqual({ status: "open" });
    });

    it("text removed under the retention policy is never learned", async () => {
      const { conversationId, exchange } = await start(
        "what is your data retention period for deleted projects",
      );
      const id = exchange!.handoff!.id;
      await t.request("POST", `/v1/handoffs/${id}/reply`, {
        key: t.keys.agent,
        body: { content: "30 days." },
      });
      await t.request("POST", `/v1/handoffs/${id}/resolve`, {
        key: t.keys.agent,
        body: { resolution: "answered" },
      });
      await t.store.db
        .updateTable("messages")
        .set({ content: tombstone(730) })
        .where("conversation_id", "=", conversationId)
        .execute();
      const r = await t.request("POST", `/v1/handoffs/${id}/learning`, { body: { decision: "approve" } });
      expect(r.statusCode).toBe(409);
      expect(json<{ error: { message: string } }>(r).error.message).toContain("retention");
    });

    it("outcomes: assumed resolution after inactivity, durable after the window, closed after", async () => {
      const { conversationId } = await start("how do I invite a colleague");
      expect(await settle()).toMatchObject({ resolved: 0 });
      t.clock.advance(23 * HOUR);
      await settle();
      expect((await outcomeOf(conversationId)).state).toBe("pending");
      t.clock.advance(2 * HOUR);
      expect(await settle()).toMatchObject({ resolved: 1 });
      expect(await outcomeOf(conversationId)).toMatchObject({
        state: "resolved",
        resolution: "assumed",
        eligible: true,
      });
      expect(await settle()).toMatchObject({ resolved: 0, durable: 0 });
      t.clock.advance(7 * DAY);
      expect(await settle()).toMatchObject({ durable: 1 });
      const late = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
        ...asCustomer(conversationId),
        body: { content: "it broke again" },
      });
      expect(late.statusCode).toBe(409);
      expect(json<{ error: { code: string } }>(late).error.code).toBe("CONVERSATION_CLOSED");
    });

    it("a reopen within the durability window reverses the resolution", async () => {
      const { conversationId } = await start("how do I export my data");
      t.clock.advance(30 * HOUR);
      // No job ran: the message itself settles the due resolution, then reopens it.
      const back = await say(conversationId, "how do I export my data?");
      expect(back.decision?.action).toBe("answer");
      expect(back.conversation.outcome).toMatchObject({ state: "pending", reopenCount: 1 });
      const events = await t.store.db
        .selectFrom("outcome_events")
        .select("kind")
        .where("conversation_id", "=", conversationId)
        .orderBy("at")
        .execute();
      expect(events.map((e) => e.kind)).toEqual(["resolved", "reopened"]);
    });

    it("a customer's thanks confirms the resolution at once", async () => {
      const { conversationId } = await start("forgot my password");
      const thanks = await say(conversationId, "thanks, that fixed it!");
      expect(thanks.decision?.reason).toBe("acknowledged");
      expect(thanks.conversation.outcome).toMatchObject({ state: "resolved", resolution: "confirmed" });
      const fb = await t.request("POST", `/v1/conversations/${conversationId}/feedback`, {
        ...asCustomer(conversationId),
        body: { helpful: true },
      });
      expect(fb.statusCode).toBe(409);
    });

    it("greeting-only conversations are not eligible; a thumbs-down counts toward repeated failure", async () => {
      const g = await start("hi");
      expect(g.exchange?.decision?.reason).toBe("greeting");
      const noFeedback = await t.request("POST", `/v1/conversations/${g.conversationId}/feedback`, {
        ...asCustomer(g.conversationId),
        body: { helpful: false },
      });
      expect(noFeedback.statusCode).toBe(409);
      await t.request("PATCH", "/v1/tenant/settings", { body: { maxFailures: 1 } });
      const a = await start("how do I export my data");
      const fb = await t.request("POST", `/v1/conversations/${a.conversationId}/feedback`, {
        ...asCustomer(a.conversationId),
        body: { helpful: false },
      });
      expect(fb.statusCode).toBe(201);
      expect(json<Exchange>(fb).handoff).toEqual({ status: "open" });
      const staffView = json<{ decisions: Exchange["decision"][]; messages: { intent: string }[] }>(
        await t.request("GET", `/v1/conversations/${a.conversationId}`),
      );
      expect(staffView.decisions.at(-1)).toMatchObject({ action: "escalate", reason: "repeated_failure" });
      expect(staffView.messages.at(-2)?.intent).toBe("failure");
      t.clock.advance(25 * HOUR);
      await settle();
      expect((await outcomeOf(g.conversationId)).state).toBe("ineligible");
      expect((await outcomeOf(a.conversationId)).state).toBe("escalated");
    });

    it("CSAT: one rating per conversation, split by who handled it", async () => {
      const ai = await start("forgot my password");
      const human = await start("let me talk to a human");
      expect(
        (
          await t.request("POST", `/v1/conversations/${ai.conversationId}/csat`, {
            ...asCustomer(ai.conversationId),
            body: { rating: 3 },
          })
        ).statusCode,
      ).toBe(200);
      const re = await t.request("POST", `/v1/conversations/${ai.conversationId}/csat`, {
        ...asCustomer(ai.conversationId),
        body: { rating: 5, comment: "quick" },
      });
      expect(json<{ rating: number; handledBy: string }>(re)).toMatchObject({ rating: 5, handledBy: "ai" });
      await t.request("POST", `/v1/conversations/${human.conversationId}/csat`, {
        ...asCustomer(human.conversationId),
        body: { rating: 4 },
      });
      const bad = await t.request("POST", `/v1/conversations/${ai.conversationId}/csat`, {
        ...asCustomer(ai.conversationId),
        body: { rating: 6 },
      });
      expect(bad.statusCode).toBe(400);
      const s = json<{
        csat: { ai: { mean: number; responses: number }; human: { mean: number; responses: number } };
      }>(await t.request("GET", "/v1/summary"));
      expect(s.csat).toEqual({ ai: { mean: 5, responses: 1 }, human: { mean: 4, responses: 1 } });
    });

    it("a retried request with the same Idempotency-Key stores one message and returns the first response", async () => {
      const { conversationId } = await start();
      const send = (content: string) =>
        t.request("POST", `/v1/conversations/${conversationId}/messages`, {
          ...asCustomer(conversationId, { "idempotency-key": "retry-1" }),
          body: { content },
        });
      const a = await send("how do I export my data");
      const b = await send("how do I export my data");
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(b.headers["idempotent-replayed"]).toBe("true");
      expect(b.body).toBe(a.body);
      const reused = await send("something else entirely");
      expect(reused.statusCode).toBe(422);
      expect(json<{ error: { code: string } }>(reused).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
      const detail = json<{ messages: unknown[] }>(
        await t.request("GET", `/v1/conversations/${conversationId}`),
      );
      expect(detail.messages).toHaveLength(2);
    });

    it("concurrent retries with one key store the message once", async () => {
      const { conversationId } = await start();
      const rs = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.request("POST", `/v1/conversations/${conversationId}/messages`, {
            ...asCustomer(conversationId, { "idempotency-key": "same" }),
            body: { content: "how do I invite a colleague" },
          }),
        ),
      );
      expect(rs.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
      expect(new Set(rs.map((r) => r.body)).size).toBe(1);
      const detail = json<{ messages: unknown[] }>(
        await t.request("GET", `/v1/conversations/${conversationId}`),
      );
      expect(detail.messages).toHaveLength(2);
    });

    it("concurrent messages to one conversation are all stored, in a gapless order", async () => {
      const { conversationId } = await start();
      // Twelve distinct texts the agent answers alike (a word the knowledge base lacks would escalate one).
      const texts = Array.from({ length: 12 }, (_, i) => `how do I export my data${"?".repeat(i)}`);
      const rs = await Promise.all(
        texts.map((c) =>
          t.request("POST", `/v1/conversations/${conversationId}/messages`, {
            ...asCustomer(conversationId),
            body: { content: c },
          }),
        ),
      );
      expect(rs.every((r) => r.statusCode === 201)).toBe(true);
      const detail = json<{ messages: { seq: number; role: string; content: string }[] }>(
        await t.request("GET", `/v1/conversations/${conversationId}`),
      );
      expect(detail.messages.map((m) => m.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect(new Set(detail.messages.filter((m) => m.role === "customer").map((m) => m.content))).toEqual(
        new Set(texts),
      );
    });

    it("knowledge changes take effect on the next message, without a restart", async () => {
      const r1 = await start("how do I enable dark mode");
      expect(r1.exchange?.decision?.action).toBe("escalate");
      const created = await t.request("POST", "/v1/articles", {
        body: {
          slug: "dark-mode",
          title: "Enable dark mode",
          body: "# Dark mode\n\nSettings → Appearance → Dark.",
          questions: ["how do I enable dark mode"],
        },
      });
      expect(created.statusCode).toBe(201);
      const r2 = await start("how do I enable dark mode");
      expect(r2.exchange?.decision?.action).toBe("answer");
      const id = json<{ id: string }>(created).id;
      await t.request("DELETE", `/v1/articles/${id}`);
      const r3 = await start("how do I enable dark mode");
      expect(r3.exchange?.decision?.action).toBe("escalate");
      const versions = json<{ items: { version: number; status: string }[] }>(
        await t.request("GET", `/v1/articles/${id}/versions`),
      );
      expect(versions.items.map((v) => [v.version, v.status])).toEqual([
        [1, "published"],
        [2, "archived"],
      ]);
    });

    it("settings changes take effect on the next message", async () => {
      const a = await start("how do I export my data");
      expect(a.exchange?.decision?.action).toBe("answer");
      await t.request("PATCH", "/v1/tenant/settings", { body: { confidenceThreshold: 0.99 } });
      const b = await start("how do I export my data please");
      expect(b.exchange?.decision?.action).toBe("escalate");
      expect(b.exchange?.decision?.reason).toBe("low_confidence");
    });
  });
}
