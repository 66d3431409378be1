import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../src/shared/hash.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

/** Every key anywhere in a JSON value, to prove what a response does not carry. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

/** What a widget key must never see: the agent's internals and what the tenant attached. */
const STAFF_ONLY = [
  "decision",
  "decisions",
  "confidence",
  "score",
  "sources",
  "reason",
  "detail",
  "agentVersion",
  "answerId",
  "latencyUs",
  "intent",
  "authorId",
  "decisionId",
  "outcome",
  "customerRef",
  "metadata",
];

interface Started {
  conversationId: string;
  conversationToken: string;
  exchange: Record<string, unknown> | null;
}

for (const dialect of DIALECTS) {
  describe(`a conversation is the end customer's own (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    const startAsWidget = async (content = "How do I reset my password?") => {
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { content, customerRef: "cust-42", metadata: { plan: "pro" } },
      });
      expect(r.statusCode, r.body).toBe(201);
      return json<Started>(r);
    };
    const asWidget = (token: string | undefined, body?: unknown) => ({
      key: t.keys.widget,
      ...(token === undefined ? {} : { headers: { "x-conversation-token": token } }),
      ...(body === undefined ? {} : { body }),
    });
    /** Every widget-scope action on a conversation, with a valid body. */
    const actions = (conv: string) =>
      [
        ["GET", `/v1/conversations/${conv}`, undefined],
        ["POST", `/v1/conversations/${conv}/messages`, { content: "how do I export my data" }],
        ["POST", `/v1/conversations/${conv}/feedback`, { helpful: false }],
        ["POST", `/v1/conversations/${conv}/escalate`, undefined],
        ["POST", `/v1/conversations/${conv}/csat`, { rating: 1 }],
      ] as const;
    const transcript = async (conv: string) =>
      (
        await t.store.db
          .selectFrom("messages")
          .select(["seq", "content"])
          .where("conversation_id", "=", conv)
          .orderBy("seq")
          .execute()
      ).map((m) => `${m.seq}:${m.content}`);
    const notFoundShape = (r: LightMyRequestResponse) => {
      const { error } = json<{ error: { code: string; message: string } }>(r);
      return { status: r.statusCode, code: error.code, message: error.message.replace(/conv_\w+/, "…") };
    };

    it("starting returns a token shown once, stored only as its SHA-256", async () => {
      const widget = await startAsWidget();
      expect(widget.conversationToken).toMatch(/^vct_[A-Za-z0-9_-]{43}$/);
      // Staff starts get one too: a conversation an admin opens can be handed to a widget.
      const staff = json<Started>(
        await t.request("POST", "/v1/conversations", { key: t.keys.agent, body: {} }),
      );
      expect(staff.conversationToken).toMatch(/^vct_/);
      expect(staff.conversationToken).not.toBe(widget.conversationToken);
      const handedOver = await t.request(
        "GET",
        `/v1/conversations/${staff.conversationId}`,
        asWidget(staff.conversationToken),
      );
      expect(handedOver.statusCode).toBe(200);
      const row = await t.store.db
        .selectFrom("conversations")
        .selectAll()
        .where("conversation_id", "=", widget.conversationId)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(sha256Hex(widget.conversationToken));
      expect(JSON.stringify(row)).not.toContain(widget.conversationToken);
    });

    it("the widget key alone, a wrong token or another conversation's token: 404, as for no conversation", async () => {
      const mine = await startAsWidget();
      const other = await startAsWidget("how do I invite a colleague");
      const before = await transcript(mine.conversationId);
      const missing = notFoundShape(
        await t.request(
          "GET",
          "/v1/conversations/conv_01J00000000000000000000000",
          asWidget(mine.conversationToken),
        ),
      );
      expect(missing).toMatchObject({ status: 404, code: "NOT_FOUND" });
      const forged = `vct_${"A".repeat(43)}`;
      for (const token of [undefined, "", forged, other.conversationToken, `${mine.conversationToken}x`]) {
        for (const [method, url, body] of actions(mine.conversationId)) {
          const r = await t.request(method, url, asWidget(token, body));
          expect(notFoundShape(r), `${method} ${url} with ${token}`).toEqual(missing);
          expect(r.body).not.toContain("password");
        }
      }
      expect(await transcript(mine.conversationId)).toEqual(before);
      const rated = await t.store.db.selectFrom("csat_ratings").selectAll().execute();
      expect(rated).toEqual([]);
    });

    it("with its token the customer reads, writes, rates and escalates; staff need no token", async () => {
      const c = await startAsWidget();
      const token = c.conversationToken;
      for (const [method, url, body] of actions(c.conversationId)) {
        const r = await t.request(method, url, asWidget(token, body));
        expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
      }
      const read = await t.request("GET", `/v1/conversations/${c.conversationId}`, { key: t.keys.agent });
      expect(read.statusCode).toBe(200);
      // Staff see the decision behind each of the customer's turns: two answers, then the handoff the
      // feedback led to (asking for a person once a person has it decides nothing more).
      const decisions = json<{ decisions: { action: string; reason: string }[] }>(read).decisions;
      expect(decisions.map((d) => [d.action, d.reason])).toEqual([
        ["answer", "answered"],
        ["answer", "answered"],
        ["escalate", expect.any(String)],
      ]);
      const staffPost = await t.request("POST", `/v1/conversations/${c.conversationId}/messages`, {
        key: t.keys.admin,
        body: { content: "staff note" },
      });
      expect(staffPost.statusCode).toBe(201);
    });

    it("widget responses are the customer's view: the reply and its citations, never scores or reasons", async () => {
      const c = await startAsWidget();
      const x = c.exchange as {
        reply: { content: string };
        citations: { title: string; slug: string | null; articleId: string }[];
        handoff: unknown;
      };
      expect(x.reply.content).toContain("Forgot password");
      expect(x.citations).toEqual([
        expect.objectContaining({
          articleId: expect.stringMatching(/^art_/),
          title: "Reset your password",
          slug: "reset-password",
        }),
      ]);
      // The cited section (null for the top of the article) is the customer's to follow, too.
      expect(Object.keys(x.citations[0] ?? {}).sort()).toEqual([
        "anchor",
        "articleId",
        "section",
        "slug",
        "title",
      ]);
      expect(x.handoff).toBeNull();
      const token = c.conversationToken;
      const conv = c.conversationId;
      const responses = [
        c,
        json(
          await t.request(
            "POST",
            `/v1/conversations/${conv}/messages`,
            asWidget(token, { content: "how do I export my data" }),
          ),
        ),
        json(
          await t.request("POST", `/v1/conversations/${conv}/feedback`, asWidget(token, { helpful: false })),
        ),
        json(await t.request("POST", `/v1/conversations/${conv}/escalate`, asWidget(token))),
        json(await t.request("GET", `/v1/conversations/${conv}`, asWidget(token))),
      ];
      for (const body of responses) {
        const keys = keysOf(body);
        for (const hidden of STAFF_ONLY)
          expect(keys.has(hidden), `${hidden} in ${JSON.stringify(body)}`).toBe(false);
      }
      expect((responses[3] as { handoff: unknown }).handoff).toEqual({ status: "open" });
      // Staff get the same calls in full.
      const staff = json<{ decision: { confidence: number; sources: { score: number }[] } }>(
        await t.request("POST", `/v1/conversations/${conv}/messages`, {
          key: t.keys.agent,
          body: { content: "how do I export my data" },
        }),
      );
      expect(staff).toHaveProperty("conversation.customerRef", "cust-42");
      expect(staff).toHaveProperty("message.intent");
    });

    it("an escalated conversation tells the customer a person has it, not why", async () => {
      const c = await startAsWidget("My lawyer will contact you about this");
      expect(c.exchange).toMatchObject({ handoff: { status: "open" }, citations: [] });
      expect(keysOf(c).has("reason")).toBe(false);
    });

    it("a stored response is replayed only to the caller that made it, in that caller's view", async () => {
      const c = await startAsWidget();
      const url = `/v1/conversations/${c.conversationId}/messages`;
      const body = { content: "how do I export my data" };
      const first = await t.request("POST", url, {
        key: t.keys.widget,
        body,
        headers: { "x-conversation-token": c.conversationToken, "idempotency-key": "k-1" },
      });
      expect(first.statusCode).toBe(201);
      const again = await t.request("POST", url, {
        key: t.keys.widget,
        body,
        headers: { "x-conversation-token": c.conversationToken, "idempotency-key": "k-1" },
      });
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.body).toBe(first.body);
      // Another visitor with the same widget key and Idempotency-Key but no (or another) token gets no
      // replay: the namespace includes the token, and the request itself is refused.
      const other = await startAsWidget("how do I invite a colleague");
      for (const token of [undefined, other.conversationToken]) {
        const r = await t.request("POST", url, {
          key: t.keys.widget,
          body,
          headers: { "idempotency-key": "k-1", ...(token ? { "x-conversation-token": token } : {}) },
        });
        expect(r.statusCode).toBe(404);
        expect(r.headers["idempotent-replayed"]).toBeUndefined();
      }
      // A staff key with the same Idempotency-Key is another caller: its request runs, in the staff view.
      const staff = await t.request("POST", url, {
        key: t.keys.agent,
        body,
        headers: { "idempotency-key": "k-1" },
      });
      expect(staff.statusCode).toBe(201);
      expect(staff.headers["idempotent-replayed"]).toBeUndefined();
      expect(json(staff)).toHaveProperty("decision.confidence");
      expect(await transcript(c.conversationId)).toHaveLength(6);
    });
  });
}
