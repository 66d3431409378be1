import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishCheckpoint, sequenceLedger } from "../src/ledger/index.js";
import { exportText, TestLedgerKeys, verifyTexts } from "../src/ledger/test-support/store-fixture.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

interface Entry {
  type: string;
  actor: { kind: string; id: string };
  subject: Record<string, string>;
  data: { action: string; details: Record<string, unknown> };
}

for (const dialect of DIALECTS) {
  describe(`the human inbox (${dialect})`, () => {
    let t: TestApp;
    let handoffId = "";
    let conversationId = "";
    let agentKeyId = "";
    beforeEach(async () => {
      t = await createTestApp(dialect);
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.agent,
        body: { content: "I want to speak to a real person" },
      });
      const s = json<{ conversationId: string; exchange: { handoff: { id: string } } }>(r);
      handoffId = s.exchange.handoff.id;
      conversationId = s.conversationId;
      const keys = json<{ items: { id: string; scope: string }[] }>(await t.request("GET", "/v1/keys"));
      agentKeyId = keys.items.find((k) => k.scope === "agent")!.id;
    });
    afterEach(() => t.close());

    const humanMessages = async () =>
      (
        await t.store.db
          .selectFrom("messages")
          .select("content")
          .where("conversation_id", "=", conversationId)
          .where("role", "=", "human")
          .execute()
      ).map((m) => m.content);
    const inboxEntries = async () => {
      await sequenceLedger({ store: t.store }, t.tenantId);
      const rows = await t.store.db
        .selectFrom("ledger_entries")
        .select("entry")
        .where("tenant_id", "=", t.tenantId)
        .orderBy("seq")
        .execute();
      return rows
        .map((r) => JSON.parse(r.entry) as Entry)
        .filter((e) => e.data.action?.startsWith("handoff."));
    };
    const reply = (content: string, key = t.keys.agent, idem = "reply-1") =>
      t.request("POST", `/v1/handoffs/${handoffId}/reply`, {
        key,
        body: { content, agent: "Dana Okafor" },
        headers: { "idempotency-key": idem },
      });

    it("three retries of a reply deliver one message; a different request under the key is refused", async () => {
      const rs = [
        await reply("Hi, Dana here."),
        await reply("Hi, Dana here."),
        await reply("Hi, Dana here."),
      ];
      expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      expect(rs.map((r) => r.headers["idempotent-replayed"])).toEqual([undefined, "true", "true"]);
      expect(new Set(rs.map((r) => r.body)).size).toBe(1);
      expect(await humanMessages()).toEqual(["Hi, Dana here."]);
      const other = await reply("Something else");
      expect(other.statusCode).toBe(422);
      expect(json<{ error: { code: string } }>(other).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await humanMessages()).toEqual(["Hi, Dana here."]);
      expect((await inboxEntries()).filter((e) => e.data.action === "handoff.reply")).toHaveLength(1);
      // Concurrent retries too.
      const concurrent = await Promise.all(
        Array.from({ length: 4 }, () => reply("Second answer", t.keys.agent, "reply-2")),
      );
      expect(concurrent.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      expect(await humanMessages()).toEqual(["Hi, Dana here.", "Second answer"]);
    });

    it("resolve and claim honour Idempotency-Key as well", async () => {
      const resolve = () =>
        t.request("POST", `/v1/handoffs/${handoffId}/resolve`, {
          key: t.keys.agent,
          body: { resolution: "Called back" },
          headers: { "idempotency-key": "resolve-1" },
        });
      const a = await resolve();
      const b = await resolve();
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(b.headers["idempotent-replayed"]).toBe("true");
      expect(b.body).toBe(a.body);
      // Without the key, a second resolve is refused: the handoff is resolved.
      const c = await t.request("POST", `/v1/handoffs/${handoffId}/resolve`, {
        key: t.keys.agent,
        body: { resolution: "Called back" },
      });
      expect(c.statusCode).toBe(409);
    });

    it("two keys of one tenant with the same Idempotency-Key never see each other's responses", async () => {
      const lee = json<{ key: string }>(
        await t.request("POST", "/v1/keys", { body: { scope: "agent", name: "Lee" } }),
      ).key;
      const first = await reply("Same words", t.keys.agent, "shared");
      await t.request("POST", `/v1/handoffs/${handoffId}/claim`, {
        key: lee,
        body: { agent: "Dana Okafor" },
      });
      const second = await reply("Same words", lee, "shared");
      expect(second.statusCode).toBe(201);
      expect(second.headers["idempotent-replayed"]).toBeUndefined();
      expect(json<{ messageId: string }>(second).messageId).not.toBe(
        json<{ messageId: string }>(first).messageId,
      );
      expect(await humanMessages()).toEqual(["Same words", "Same words"]);
      // The same on the conversation routes: an admin's and an agent's messages under one key value.
      const say = (key: string) =>
        t.request("POST", `/v1/conversations/${conversationId}/messages`, {
          key,
          body: { content: "any news?" },
          headers: { "idempotency-key": "shared-too" },
        });
      const byAdmin = await say(t.keys.admin);
      const byAgent = await say(t.keys.agent);
      expect([byAdmin.statusCode, byAgent.statusCode]).toEqual([201, 201]);
      expect(byAgent.headers["idempotent-replayed"]).toBeUndefined();
      expect(json<{ message: { id: string } }>(byAgent).message.id).not.toBe(
        json<{ message: { id: string } }>(byAdmin).message.id,
      );
    });

    it("claim takes no body: none, empty, with or without a content type", async () => {
      const variants = [
        {},
        { payload: "" },
        { payload: "", headers: { "content-type": "application/json" } },
        { payload: "", headers: { "content-type": "text/plain" } },
        { body: {} },
      ];
      for (const v of variants) {
        const r = await t.request("POST", `/v1/handoffs/${handoffId}/claim`, { key: t.keys.agent, ...v });
        expect(r.statusCode, `${JSON.stringify(v)}: ${r.body}`).toBe(200);
        expect(json<{ claimedBy: string }>(r).claimedBy).toBe("Dana"); // the key's name
      }
      const bad = await t.request("POST", `/v1/handoffs/${handoffId}/claim`, {
        key: t.keys.agent,
        body: { agent: 7 },
      });
      expect(bad.statusCode).toBe(400);
      const startBare = await t.request("POST", "/v1/conversations", { key: t.keys.widget });
      expect(startBare.statusCode, startBare.body).toBe(201);
    });

    it("claim, reply and resolve are in the ledger, one entry each, with digests, and the export verifies", async () => {
      expect(
        (
          await t.request("POST", `/v1/handoffs/${handoffId}/claim`, {
            key: t.keys.agent,
            body: { agent: "Dana Okafor" },
          })
        ).statusCode,
      ).toBe(200);
      const r = await t.request("POST", `/v1/handoffs/${handoffId}/reply`, {
        key: t.keys.agent,
        body: { content: "Your invoice 4411 was refunded.", agent: "Dana Okafor" },
      });
      expect(r.statusCode).toBe(201);
      const messageId = json<{ messageId: string }>(r).messageId;
      const res = await t.request("POST", `/v1/handoffs/${handoffId}/resolve`, {
        key: t.keys.agent,
        body: { resolution: "Refunded invoice 4411", agent: "Dana Okafor" },
      });
      expect(res.statusCode).toBe(200);
      // A no-op (claiming one's own claim again) and a refused action record nothing.
      await t.request("POST", `/v1/handoffs/${handoffId}/claim`, {
        key: t.keys.agent,
        body: { agent: "Lee" },
      });

      const entries = await inboxEntries();
      expect(entries.map((e) => e.data.action)).toEqual([
        "handoff.claim",
        "handoff.reply",
        "handoff.resolve",
      ]);
      for (const e of entries) {
        expect(e.type).toBe("admin");
        expect(e.actor).toEqual({ kind: "api_key", id: agentKeyId });
        expect(e.subject).toMatchObject({ handoff: handoffId, conversation: conversationId });
        expect(e.data.details.agentDigest).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      }
      expect(entries[1]!.subject.message).toBe(messageId);
      expect(entries[1]!.data.details.contentDigest).toMatch(/^hmac-sha256:/);
      expect(entries[2]!.data.details.resolutionDigest).toMatch(/^hmac-sha256:/);
      expect(JSON.stringify(entries)).not.toMatch(/invoice|refunded|Refunded|Okafor|Dana/);

      const ledgerKeys = new TestLedgerKeys();
      const deps = { store: t.store, clock: t.clock, ledgerKeys };
      await publishCheckpoint(deps, t.tenantId);
      const report = await verifyTexts([await exportText(deps, t.tenantId)], [ledgerKeys.key.vkey]);
      expect(report).toMatchObject({ ok: true });
    });

    it("a reply or resolve that claims records the claim as well", async () => {
      await reply("On it.");
      expect((await inboxEntries()).map((e) => e.data.action)).toEqual(["handoff.claim", "handoff.reply"]);
    });
  });
}
