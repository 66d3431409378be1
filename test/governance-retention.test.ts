import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { settleOutcomes } from "../src/conversations/index.js";
import { RETENTION_ACTION } from "../src/governance/apply-retention.js";
import { applyRetention, isTombstone } from "../src/governance/index.js";
import { tombstone } from "../src/governance/retention-policy.js";
import { DAY, HOUR } from "../src/shared/clock.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

type Days = number | null;

/** The careful-buyer contract for `tenant` with the given retention periods (null: the class is omitted). */
function contractWith(
  days: { conversations: Days; personalData: Days; trainingData: Days },
  tenant = "acme",
) {
  const doc = parseDocument(careful);
  doc.setIn(["metadata", "tenant"], tenant);
  // Evergreen: the tests run years past the example's term, and a contract binds only within its term.
  doc.deleteIn(["term", "end"]);
  for (const [k, v] of Object.entries(days)) {
    if (v === null) doc.deleteIn(["data", "retentionDays", k]);
    else doc.setIn(["data", "retentionDays", k], v);
  }
  return doc.toString();
}

interface Started {
  conversationId: string;
  conversationToken: string;
  exchange: { handoff: { id: string } | null; decision: { action: string } };
}

const QUESTION = "what is your data retention period for deleted projects";

for (const dialect of DIALECTS) {
  describe(`retention applies the contract in force (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    const deps = () => ({ store: t.store, clock: t.clock });
    const run = (opts: { tenantId?: string; dryRun?: boolean; batchSize?: number } = {}) =>
      applyRetention(deps(), opts);

    const activate = async (yaml: string, key = t.keys.admin) => {
      const up = await t.request("POST", "/v1/contracts", {
        key,
        payload: yaml,
        headers: { "content-type": "application/yaml" },
      });
      expect(up.statusCode, up.body).toBeLessThan(300);
      const id = json<{ contract: { id: string } }>(up).contract.id;
      const act = await t.request("POST", `/v1/contracts/${id}/activate`, { key, body: {} });
      expect(act.statusCode, act.body).toBe(201);
    };

    /** A customer conversation with a reference, metadata and a rated, commented answer. */
    const answered = async (customerRef: string, widget = t.keys.widget) => {
      const r = await t.request("POST", "/v1/conversations", {
        key: widget,
        body: {
          content: "how do I reset my password",
          customerRef,
          metadata: { email: `${customerRef}@example.com` },
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      const { conversationId, conversationToken } = json<Started>(r);
      const csat = await t.request("POST", `/v1/conversations/${conversationId}/csat`, {
        key: widget,
        headers: { "x-conversation-token": conversationToken },
        body: { rating: 5, comment: `thanks, ${customerRef} here` },
      });
      expect(csat.statusCode, csat.body).toBe(200);
      return conversationId;
    };

    /** An escalated conversation a human answered, resolved and an admin approved for learning. */
    const learned = async (customerRef: string) => {
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.agent,
        body: { content: QUESTION, customerRef },
      });
      const s = json<Started>(r);
      const handoffId = s.exchange.handoff?.id;
      expect(handoffId).toMatch(/^hof_/);
      await t.request("POST", `/v1/handoffs/${handoffId}/reply`, {
        key: t.keys.agent,
        body: { content: "Deleted projects are kept for 30 days, then purged." },
      });
      await t.request("POST", `/v1/handoffs/${handoffId}/resolve`, {
        key: t.keys.agent,
        body: { resolution: `called ${customerRef} back` },
      });
      const ok = await t.request("POST", `/v1/handoffs/${handoffId}/learning`, {
        body: { decision: "approve" },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      return { conversationId: s.conversationId, handoffId: handoffId! };
    };

    const conversation = (id: string) =>
      t.store.db
        .selectFrom("conversations")
        .selectAll()
        .where("conversation_id", "=", id)
        .executeTakeFirstOrThrow();
    const messages = async (id: string) =>
      (
        await t.store.db
          .selectFrom("messages")
          .select("content")
          .where("conversation_id", "=", id)
          .orderBy("seq")
          .execute()
      ).map((m) => m.content);
    const comment = async (id: string) =>
      (
        await t.store.db
          .selectFrom("csat_ratings")
          .select("comment")
          .where("conversation_id", "=", id)
          .executeTakeFirstOrThrow()
      ).comment;
    const handoff = (id: string) =>
      t.store.db.selectFrom("handoffs").selectAll().where("handoff_id", "=", id).executeTakeFirstOrThrow();
    const knowledgeRev = async (tenantId = t.tenantId) =>
      (
        await t.store.db
          .selectFrom("tenants")
          .select("knowledge_rev")
          .where("tenant_id", "=", tenantId)
          .executeTakeFirstOrThrow()
      ).knowledge_rev;
    const statuses = async (table: "training_examples" | "learned_answers") =>
      (await t.store.db.selectFrom(table).select("status").where("tenant_id", "=", t.tenantId).execute()).map(
        (r) => r.status,
      );
    const retentionEntries = async (key = t.keys.admin) =>
      json<{ items: { entry: string }[] }>(await t.request("GET", "/v1/ledger/entries?limit=1000", { key }))
        .items.map(
          (i) => JSON.parse(i.entry) as { data: { action: string; details: Record<string, unknown> } },
        )
        .filter((e) => e.data.action === RETENTION_ACTION);
    const summary = async () => json(await t.request("GET", "/v1/summary"));

    it("without a contract nothing is removed, however old", async () => {
      const old = await answered("cust-1");
      t.clock.advance(5000 * DAY);
      const report = await run();
      expect(report.tenants).toHaveLength(1);
      expect(report.tenants[0]).toMatchObject({
        policy: { conversations: null, personalData: null, trainingData: null },
        recorded: null,
        error: null,
      });
      expect(Object.values(report.tenants[0]!.counts).every((n) => n === 0)).toBe(true);
      expect((await conversation(old)).customer_ref).toBe("cust-1");
      expect(await messages(old)).not.toContain(tombstone(730));
      expect(await comment(old)).toBe("thanks, cust-1 here");
      expect(await retentionEntries()).toEqual([]);
    });

    it("removes exactly what is older than each period, keeps the metrics, and is idempotent", async () => {
      const start = t.clock.now();
      const a = await answered("cust-a");
      const b = await learned("cust-b");
      await t.request("POST", `/v1/conversations/${b.conversationId}/csat`, {
        key: t.keys.agent,
        body: { rating: 2, comment: "slow, call me on 555-0100" },
      });
      const aMessages = await messages(a);
      const bMessages = await messages(b.conversationId);
      t.clock.advance(400 * DAY);
      const recent = await answered("cust-c");
      await activate(contractWith({ conversations: 730, personalData: 365, trainingData: 730 }));
      const rev0 = await knowledgeRev();

      // Day 400: past the personal-data period (365 d), not the others.
      await settleOutcomes(deps());
      const before = await summary();
      const first = await run();
      expect(first.tenants[0]!.error).toBeNull();
      expect(first.tenants[0]!.counts).toMatchObject({
        conversations: 0,
        messages: 0,
        customerRefs: 2,
        metadata: 1,
        csatComments: 2,
        handoffs: 1,
        trainingExamples: 0,
        learnedAnswers: 0,
      });
      expect(await summary()).toEqual(before);
      expect((await conversation(a)).customer_ref).toBeNull();
      expect((await conversation(a)).metadata).toBe("{}");
      expect(await comment(a)).toBeNull();
      expect(await messages(a)).toEqual(aMessages);
      const h1 = await handoff(b.handoffId);
      expect(JSON.parse(h1.packet).customerRef).toBeNull();
      expect(JSON.parse(h1.packet).transcript.some((l: { content: string }) => l.content === QUESTION)).toBe(
        true,
      );
      expect(h1.resolution).toBe("called cust-b back");
      // The recent conversation is untouched.
      expect((await conversation(recent)).customer_ref).toBe("cust-c");
      expect(await comment(recent)).toBe("thanks, cust-c here");
      expect(await knowledgeRev()).toBe(rev0);

      const entries = await retentionEntries();
      expect(entries).toHaveLength(1);
      expect(entries[0]!.data.details).toMatchObject({
        policyDays: { conversations: 730, personalData: 365, trainingData: 730 },
        counts: { customerRefs: 2, csatComments: 2, messages: 0 },
      });

      // Again at the same time: nothing to do, nothing recorded.
      const again = await run();
      expect(Object.values(again.tenants[0]!.counts).every((n) => n === 0)).toBe(true);
      expect(again.tenants[0]!.recorded).toBeNull();
      expect(await retentionEntries()).toHaveLength(1);

      // Day 731 after the first conversations: past the conversations and training periods for a and b.
      t.clock.set(start + 731 * DAY);
      await settleOutcomes(deps());
      const before2 = await summary();
      const decisionsOf = () =>
        t.store.db
          .selectFrom("decisions")
          .select(["decision_id", "action", "reason", "confidence"])
          .where("conversation_id", "in", [a, b.conversationId])
          .orderBy("decision_id")
          .execute();
      const decisionsBefore = await decisionsOf();
      const second = await run();
      expect(second.tenants[0]!.error).toBeNull();
      expect(second.tenants[0]!.counts).toMatchObject({
        conversations: 2,
        messages: aMessages.length + bMessages.length,
        handoffs: 1,
        customerRefs: 0,
        csatComments: 0,
        trainingExamples: 1,
        learnedAnswers: 1,
      });
      expect(await summary()).toEqual(before2);
      const tomb = tombstone(730);
      expect(await messages(a)).toEqual(aMessages.map(() => tomb));
      expect(await messages(b.conversationId)).toEqual(bMessages.map(() => tomb));
      const h2 = await handoff(b.handoffId);
      expect(h2.summary).toBe(tomb);
      expect(h2.resolution).toBe(tomb);
      // The packet keeps its shape, who spoke when and why it was handed over; every text is gone.
      const packet = JSON.parse(h2.packet) as { transcript: { content: string }[]; reason: string };
      const packetBefore = JSON.parse(h1.packet) as typeof packet;
      expect(packet.transcript).toEqual(packetBefore.transcript.map((l) => ({ ...l, content: tomb })));
      expect(packet.reason).toBe(packetBefore.reason);
      // Decisions, outcomes and ratings stay.
      expect(decisionsBefore.map((d) => d.action)).toEqual(expect.arrayContaining(["answer", "escalate"]));
      expect(await decisionsOf()).toEqual(decisionsBefore);
      expect(
        (
          await t.store.db
            .selectFrom("csat_ratings")
            .select("rating")
            .where("conversation_id", "=", a)
            .execute()
        )[0],
      ).toEqual({ rating: 5 });
      // Training data retired; the model retrains.
      expect(await statuses("training_examples")).toEqual(["retired"]);
      expect(await statuses("learned_answers")).toEqual(["retired"]);
      expect(await knowledgeRev()).toBeGreaterThan(rev0);
      // The conversation from day 400 is within every period still.
      expect((await conversation(recent)).customer_ref).toBe("cust-c");
      expect(await comment(recent)).toBe("thanks, cust-c here");
      expect(await retentionEntries()).toHaveLength(2);
      const third = await run();
      expect(Object.values(third.tenants[0]!.counts).every((n) => n === 0)).toBe(true);
      expect(await retentionEntries()).toHaveLength(2);

      // Day 766: its personal data is past 365 days, its text is not past 730.
      t.clock.set(start + 766 * DAY);
      expect((await run()).tenants[0]!.counts).toMatchObject({
        conversations: 0,
        messages: 0,
        customerRefs: 1,
        metadata: 1,
        csatComments: 1,
      });
      expect((await conversation(recent)).customer_ref).toBeNull();
      expect((await messages(recent)).some((m) => isTombstone(m))).toBe(false);
      expect(await retentionEntries()).toHaveLength(3);
    });

    it("the period boundary is exact: data at the cutoff stays, one millisecond older goes", async () => {
      await activate(contractWith({ conversations: null, personalData: 30, trainingData: null }));
      const id = await answered("cust-edge");
      const last = (await conversation(id)).last_message_at;
      t.clock.set(last + 30 * DAY);
      expect((await run()).tenants[0]!.counts.customerRefs).toBe(0);
      expect((await conversation(id)).customer_ref).toBe("cust-edge");
      t.clock.advance(1);
      expect((await run()).tenants[0]!.counts.customerRefs).toBe(1);
      expect((await conversation(id)).customer_ref).toBeNull();
    });

    it("works in batches, and a dry run counts without changing anything", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push(await answered(`cust-${i}`));
        t.clock.advance(HOUR);
      }
      t.clock.advance(40 * DAY);
      await activate(contractWith({ conversations: 30, personalData: null, trainingData: null }));
      const dry = await run({ dryRun: true, batchSize: 3 });
      expect(dry.dryRun).toBe(true);
      expect(dry.tenants[0]!.counts).toMatchObject({ conversations: 7, customerRefs: 7, csatComments: 7 });
      expect(dry.tenants[0]!.recorded).toBeNull();
      expect((await conversation(ids[0]!)).customer_ref).toBe("cust-0");
      expect(await retentionEntries()).toEqual([]);

      const real = await run({ batchSize: 3 });
      expect(real.tenants[0]!.counts).toEqual(dry.tenants[0]!.counts);
      expect(real.tenants[0]!.recorded?.counts).toEqual(dry.tenants[0]!.counts);
      for (const id of ids) expect((await messages(id)).every((m) => m === tombstone(30))).toBe(true);
      expect(await retentionEntries()).toHaveLength(1);
      expect(Object.values((await run({ batchSize: 3 })).tenants[0]!.counts).every((n) => n === 0)).toBe(
        true,
      );
    });

    it("concurrent runs share the work and count every change once", async () => {
      for (let i = 0; i < 6; i++) await answered(`cust-${i}`);
      t.clock.advance(40 * DAY);
      await activate(contractWith({ conversations: 30, personalData: null, trainingData: null }));
      const [x, y] = await Promise.all([run({ batchSize: 2 }), run({ batchSize: 2 })]);
      const sum = (k: "conversations" | "customerRefs") =>
        (x.tenants[0]?.counts[k] ?? 0) + (y.tenants[0]?.counts[k] ?? 0);
      expect(x.tenants[0]?.error).toBeNull();
      expect(y.tenants[0]?.error).toBeNull();
      expect(sum("conversations")).toBe(6);
      expect(sum("customerRefs")).toBe(6);
      const recorded = (await retentionEntries()).map(
        (e) => (e.data.details.counts as { conversations: number }).conversations,
      );
      expect(recorded.reduce((a, b) => a + b, 0)).toBe(6);
    });

    it("a customer message after retention starts a fresh transcript that is kept until its own period", async () => {
      await activate(contractWith({ conversations: 10, personalData: null, trainingData: null }));
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { content: "I want to speak to a real person" },
      });
      const { conversationId, conversationToken } = json<Started>(r);
      t.clock.advance(11 * DAY);
      await run();
      const redacted = await messages(conversationId);
      expect(redacted.every((m) => m === tombstone(10))).toBe(true);
      // Still with a person: the customer writes again.
      const more = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
        key: t.keys.widget,
        headers: { "x-conversation-token": conversationToken },
        body: { content: "hello? anyone there?" },
      });
      expect(more.statusCode, more.body).toBe(201);
      const fresh = (await messages(conversationId)).slice(redacted.length);
      expect(fresh).toEqual(["hello? anyone there?"]);
      t.clock.advance(DAY);
      expect((await run()).tenants[0]!.counts.messages).toBe(0);
      expect((await messages(conversationId)).slice(redacted.length)).toEqual(fresh);
      t.clock.advance(10 * DAY);
      expect((await run()).tenants[0]!.counts.messages).toBe(fresh.length);
    });

    it("never touches another tenant", async () => {
      const other = json<{ tenant: { id: string }; adminKey: { key: string } }>(
        await t.request("POST", "/v1/tenants", { key: ROOT_KEY, body: { name: "Globex", slug: "globex" } }),
      );
      const widget = json<{ key: string }>(
        await t.request("POST", "/v1/keys", {
          key: other.adminKey.key,
          body: { scope: "widget", name: "w" },
        }),
      ).key;
      const mine = await answered("acme-cust");
      const theirs = await answered("globex-cust", widget);
      const theirMessages = await messages(theirs);
      t.clock.advance(100 * DAY);
      await activate(contractWith({ conversations: 30, personalData: 10, trainingData: 30 }));
      // Globex has a contract too, keeping data longer.
      await activate(
        contractWith({ conversations: 3650, personalData: 3650, trainingData: 3650 }, "globex"),
        other.adminKey.key,
      );

      const report = await run();
      const byTenant = new Map(report.tenants.map((r) => [r.tenantId, r]));
      expect(byTenant.get(t.tenantId)?.counts.conversations).toBe(1);
      expect(byTenant.get(other.tenant.id)?.counts.conversations).toBe(0);
      expect((await messages(mine)).every((m) => m === tombstone(30))).toBe(true);
      expect(await messages(theirs)).toEqual(theirMessages);
      expect((await conversation(theirs)).customer_ref).toBe("globex-cust");
      expect(await comment(theirs)).toBe("thanks, globex-cust here");
      expect(await retentionEntries(other.adminKey.key)).toEqual([]);
      expect(await retentionEntries()).toHaveLength(1);

      // One tenant only, on request.
      t.clock.advance(4000 * DAY);
      const only = await run({ tenantId: t.tenantId });
      expect(only.tenants.map((r) => r.tenantId)).toEqual([t.tenantId]);
      expect(await messages(theirs)).toEqual(theirMessages);
    });

    it("stored idempotent responses go with the text, but not within a day", async () => {
      await activate(contractWith({ conversations: null, personalData: 0, trainingData: null }));
      const send = () =>
        t.request("POST", "/v1/conversations", {
          key: t.keys.widget,
          body: { content: "how do I reset my password", customerRef: "cust-idem" },
          headers: { "idempotency-key": "abc-1" },
        });
      const first = await send();
      expect(first.statusCode).toBe(201);
      t.clock.advance(HOUR);
      expect((await run()).tenants[0]!.counts).toMatchObject({ customerRefs: 1, idempotencyResponses: 0 });
      expect((await send()).headers["idempotent-replayed"]).toBe("true");
      t.clock.advance(DAY);
      expect((await run()).tenants[0]!.counts.idempotencyResponses).toBe(1);
      const keys = await t.store.db.selectFrom("idempotency_keys").select("idem_key").execute();
      expect(keys).toEqual([]);
    });
  });
}
