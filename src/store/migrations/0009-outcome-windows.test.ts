import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { activateContract, storeContract } from "../../contract/index.js";
import { windowsFrom } from "../../conversations/index.js";
import { newConversationRows } from "../../conversations/post-customer-message.js";
import { DAY, HOUR, ManualClock } from "../../shared/clock.js";
import { createTenant, DEFAULT_SETTINGS, updateSettings } from "../../tenants/index.js";
import { migrateTo, migrateToLatest } from "../migrate.js";
import { insertRows } from "../prepared-query.js";
import { createTestStore, DIALECTS, type TestStore } from "../test-support/test-store.js";

const careful = readFileSync(
  new URL("../../../examples/contracts/careful-buyer.yaml", import.meta.url),
  "utf8",
);

/** The careful buyer's contract with the given `sla.resolution` (a value of undefined: not stated). */
function withResolution(name: string, hours: number | undefined, days: number | undefined): string {
  const doc = parseDocument(careful);
  doc.setIn(["metadata", "revision"], name);
  if (hours === undefined) doc.deleteIn(["sla", "resolution", "inactivityHours"]);
  else doc.setIn(["sla", "resolution", "inactivityHours"], hours);
  if (days === undefined) doc.deleteIn(["sla", "resolution", "durabilityDays"]);
  else doc.setIn(["sla", "resolution", "durabilityDays"], days);
  return doc.toString();
}

for (const dialect of DIALECTS) {
  describe(`migration 0009 records each conversation's outcome windows (${dialect})`, () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await createTestStore(dialect);
    });
    afterEach(() => store.dispose());

    it("fills them from the tenant's settings and the contract in force when each conversation started", async () => {
      const clock = new ManualClock();
      const deps = { store, clock };
      const tenantId = (await createTenant(deps, { name: "Acme", slug: "acme" })).tenant.id;
      const other = (await createTenant(deps, { name: "Other", slug: "other" })).tenant.id;
      await updateSettings(deps, tenantId, { inactivityWindowHours: 12, durabilityWindowDays: 3 });
      const started: Record<string, number> = {};
      const conversation = async (tenant: string, name: string) => {
        const { conv, outcome } = newConversationRows(tenant, {}, windowsFrom(DEFAULT_SETTINGS), clock.now());
        await store.transaction(async (trx) => {
          await insertRows(trx, "conversations", [conv]);
          await insertRows(trx, "outcomes", [outcome]);
        });
        started[name] = clock.now();
        return conv.conversation_id;
      };
      const activate = async (yaml: string, effectiveFrom?: number) => {
        const stored = await storeContract(deps, tenantId, yaml, "t");
        await activateContract(deps, tenantId, {
          contractId: stored.detail.contract.id,
          actor: "t",
          effectiveFrom,
        });
      };

      const ids = { before: await conversation(tenantId, "before"), other: "" };
      clock.advance(HOUR);
      await activate(withResolution("first", 2, 1));
      clock.advance(HOUR);
      const underFirst = await conversation(tenantId, "first");
      // Two activations from the same date: the later one replaced the earlier before it took effect.
      await activate(withResolution("cancelled", 5, 5), clock.now() + DAY);
      await activate(withResolution("second", undefined, 10), clock.now() + DAY);
      clock.advance(DAY + HOUR);
      const underSecond = await conversation(tenantId, "second");
      ids.other = await conversation(other, "other");

      // As a store migrated before 0009 would hold them: no windows recorded.
      await migrateTo(store, "0007-ledger-subjects-behind");
      await migrateToLatest(store);
      const rows = await store.db
        .selectFrom("outcomes")
        .select(["conversation_id", "inactivity_ms", "durability_ms"])
        .execute();
      const windows = Object.fromEntries(
        rows.map((r) => [r.conversation_id, [Number(r.inactivity_ms) / HOUR, Number(r.durability_ms) / DAY]]),
      );
      expect(windows).toEqual({
        [ids.before]: [12, 3], // the tenant's own settings
        [underFirst]: [2, 1], // the first contract states both
        [underSecond]: [12, 10], // the second states only durability
        [ids.other]: [24, 7], // another tenant: defaults, no contract
      });
    });
  });
}
