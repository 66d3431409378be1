import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLedgerEntries, sequenceLedger } from "../ledger/index.js";
import { ManualClock } from "../shared/clock.js";
import { isVouchError } from "../shared/errors.js";
import type { HandoffsTable } from "../store/index.js";
import { createTestStore, DIALECTS, type TestStore } from "../store/test-support/test-store.js";
import { createTenant } from "../tenants/index.js";
import { rejectLearning } from "./approve-learning.js";

/** The code and message of the VouchError `p` rejects with. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isVouchError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a VouchError");
}

for (const dialect of DIALECTS) {
  describe(`rejectLearning (${dialect})`, () => {
    let store: TestStore;
    const clock = new ManualClock();
    let deps: { store: TestStore; clock: ManualClock };
    let tenantId: string;
    let otherTenantId: string;
    let n = 0;

    beforeAll(async () => {
      store = await createTestStore(dialect);
      deps = { store, clock };
      tenantId = (await createTenant(deps, { name: "Acme", slug: "acme" })).tenant.id;
      otherTenantId = (await createTenant(deps, { name: "Other", slug: "other" })).tenant.id;
    });
    afterAll(() => store.dispose());

    /** A handoff on a conversation of its own, in the given state (resolved and not yet reviewed by default). */
    async function handoff(
      tenant = tenantId,
      state: Partial<Pick<HandoffsTable, "status" | "learning">> = {},
    ): Promise<{ handoffId: string; conversationId: string }> {
      n++;
      const conversationId = `conv_${String(n).padStart(26, "0")}`;
      const handoffId = `hof_${String(n).padStart(26, "0")}`;
      const at = clock.now();
      await store.db
        .insertInto("conversations")
        .values({
          tenant_id: tenant,
          conversation_id: conversationId,
          channel: "api",
          customer_ref: null,
          status: "escalated",
          next_seq: 1,
          failure_streak: 0,
          human_involved: 1,
          agent_version: null,
          last_role: "human",
          last_intent: null,
          last_ai_action: "escalate",
          metadata: "{}",
          created_at: at,
          last_message_at: at,
          token_hash: null,
        })
        .execute();
      await store.db
        .insertInto("handoffs")
        .values({
          tenant_id: tenant,
          handoff_id: handoffId,
          conversation_id: conversationId,
          decision_id: null,
          reason: "customer_requested_human",
          status: state.status ?? "resolved",
          summary: "asked for a person",
          packet: "{}",
          target: "inbox",
          created_at: at,
          delivered_at: at,
          claimed_by: "Dana",
          claimed_at: at,
          first_action_at: at,
          resolved_at: state.status === "resolved" || !state.status ? at : null,
          resolution: "answered by hand",
          resolution_article_id: null,
          learning: state.learning ?? "none",
        })
        .execute();
      return { handoffId, conversationId };
    }

    const learningOf = async (handoffId: string) =>
      (
        await store.db
          .selectFrom("handoffs")
          .select("learning")
          .where("handoff_id", "=", handoffId)
          .executeTakeFirstOrThrow()
      ).learning;
    const knowledgeRev = async () =>
      (
        await store.db
          .selectFrom("tenants")
          .select("knowledge_rev")
          .where("tenant_id", "=", tenantId)
          .executeTakeFirstOrThrow()
      ).knowledge_rev;

    it("marks a resolved handoff rejected, learns nothing, and records who did it in the ledger", async () => {
      const { handoffId, conversationId } = await handoff();
      const rev = await knowledgeRev();
      clock.advance(1000);
      const r = await rejectLearning(deps, {
        tenantId,
        handoffId,
        actor: { kind: "api_key", id: "key_01J00000000000000000000000" },
      });
      expect(r).toEqual({ handoffId, learning: "rejected" });
      expect(await learningOf(handoffId)).toBe("rejected");
      expect(await store.db.selectFrom("training_examples").select("example_id").execute()).toEqual([]);
      expect(await store.db.selectFrom("learned_answers").select("answer_id").execute()).toEqual([]);
      // Nothing to retrain on: the tenant's model stays as it is.
      expect(await knowledgeRev()).toBe(rev);

      await sequenceLedger(deps, tenantId);
      const entries = (await listLedgerEntries(deps, tenantId, { subject: handoffId })).items.map(
        (i) => JSON.parse(i.entry) as unknown,
      );
      expect(entries).toEqual([
        expect.objectContaining({
          type: "admin",
          time: new Date(clock.now()).toISOString(),
          actor: { kind: "api_key", id: "key_01J00000000000000000000000" },
          subject: { handoff: handoffId, conversation: conversationId },
          data: { action: "learning.reject", details: {} },
        }),
      ]);
    });

    it("without an actor, records the rejection as the system's, unattributed", async () => {
      const { handoffId } = await handoff();
      await rejectLearning(deps, { tenantId, handoffId });
      await sequenceLedger(deps, tenantId);
      const [entry] = (await listLedgerEntries(deps, tenantId, { subject: handoffId })).items;
      expect(JSON.parse(entry?.entry ?? "{}")).toMatchObject({
        actor: { kind: "system", id: "unattributed" },
      });
    });

    it("refuses a handoff a person has not resolved yet with INVALID_STATE, and leaves it as it was", async () => {
      for (const status of ["open", "claimed"] as const) {
        const { handoffId } = await handoff(tenantId, { status });
        expect(await refusal(rejectLearning(deps, { tenantId, handoffId }))).toEqual({
          code: "INVALID_STATE",
          message: "only a resolved handoff can be reviewed for learning",
        });
        expect(await learningOf(handoffId)).toBe("none");
      }
    });

    it("reviews a handoff once: after an approval or a rejection it is INVALID_STATE", async () => {
      for (const learning of ["approved", "rejected"] as const) {
        const { handoffId } = await handoff(tenantId, { learning });
        expect(await refusal(rejectLearning(deps, { tenantId, handoffId }))).toEqual({
          code: "INVALID_STATE",
          message: `learning for this handoff was already ${learning}`,
        });
        expect(await learningOf(handoffId)).toBe(learning);
      }
    });

    it("another tenant's handoff is NOT_FOUND, as for none", async () => {
      const theirs = await handoff(otherTenantId);
      expect((await refusal(rejectLearning(deps, { tenantId, handoffId: theirs.handoffId }))).code).toBe(
        "NOT_FOUND",
      );
      expect(
        (await refusal(rejectLearning(deps, { tenantId, handoffId: "hof_01J00000000000000000000000" }))).code,
      ).toBe("NOT_FOUND");
      expect(await learningOf(theirs.handoffId)).toBe("none");
    });
  });
}
