import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, ManualClock } from "../shared/clock.js";
import type { Store } from "../store/index.js";
import { createTestStore, DIALECTS, type TestStore } from "../store/test-support/test-store.js";
import { createTenant } from "../tenants/index.js";
import { activateContract } from "./activate-contract.js";
import { activeContractParameters, createActiveContractParameters } from "./active-contract-parameters.js";
import { getActiveContract } from "./read-contracts.js";
import { storeContract } from "./store-contract.js";

const CAREFUL = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");
const doc = (name: string, threshold: number) =>
  `apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: ${name} }\nescalation:\n  triggers:\n    - { kind: low-confidence, threshold: ${threshold} }\n`;

for (const dialect of DIALECTS) {
  describe(`activeContractParameters: the runtime binding (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), "vouch-contract-provider-"));
    const clock = new ManualClock();
    let store: TestStore;
    let deps: { store: TestStore; clock: ManualClock };

    beforeAll(async () => {
      store = await createTestStore(dialect, join(dir, "vouch.db"));
      deps = { store, clock };
    });
    afterAll(async () => {
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const newTenant = async (slug: string) => (await createTenant(deps, { name: slug, slug })).tenant.id;
    const upload = async (tenantId: string, text: string) =>
      (await storeContract(deps, tenantId, text, "test")).detail.contract.id;

    it("is undefined while no contract is in force", async () => {
      const tenantId = await newTenant("none");
      expect(await activeContractParameters(deps, tenantId, clock.now())).toBeUndefined();
      await upload(tenantId, CAREFUL.replace("tenant: acme", "tenant: none"));
      expect(await activeContractParameters(deps, tenantId, clock.now())).toBeUndefined();
    });

    it("binds an activation made by this process on the next call, whatever the revalidation interval", async () => {
      const tenantId = await newTenant("local");
      const provider = createActiveContractParameters({ revalidateMs: 1e12 });
      const first = await upload(tenantId, doc("first", 0.6));
      const second = await upload(tenantId, doc("second", 0.8));
      expect(await provider(deps, tenantId, clock.now())).toBeUndefined();

      await activateContract(deps, tenantId, { contractId: first, actor: "a" });
      const p1 = await provider(deps, tenantId, clock.now());
      expect(p1?.escalation.lowConfidence).toBe(0.6);
      expect(p1?.agentSettings).toEqual({ confidenceThreshold: 0.6 });
      // Cached: the same frozen object, so per-settings caches downstream stay warm.
      expect(await provider(deps, tenantId, clock.now())).toBe(p1);

      await activateContract(deps, tenantId, { contractId: second, actor: "a" });
      expect((await provider(deps, tenantId, clock.now()))?.escalation.lowConfidence).toBe(0.8);
    });

    it("switches to a scheduled contract at its effective time, and answers for any time asked", async () => {
      const tenantId = await newTenant("scheduled");
      const provider = createActiveContractParameters({ revalidateMs: 1e12 });
      const now = clock.now();
      await activateContract(deps, tenantId, {
        contractId: await upload(tenantId, doc("a", 0.3)),
        actor: "a",
      });
      await activateContract(deps, tenantId, {
        contractId: await upload(tenantId, doc("b", 0.7)),
        effectiveFrom: now + DAY,
        actor: "a",
      });
      expect((await provider(deps, tenantId, now))?.escalation.lowConfidence).toBe(0.3);
      expect((await provider(deps, tenantId, now + DAY - 1))?.escalation.lowConfidence).toBe(0.3);
      expect((await provider(deps, tenantId, now + DAY))?.escalation.lowConfidence).toBe(0.7);
      expect(await provider(deps, tenantId, now - DAY)).toBeUndefined();
    });

    it("notices another process's activation once the revalidation interval has passed", async () => {
      const tenantId = await newTenant("remote");
      let monotonic = 0;
      const provider = createActiveContractParameters({ revalidateMs: 1000, monotonicNow: () => monotonic });
      const first = await upload(tenantId, doc("first", 0.4));
      const second = await upload(tenantId, doc("second", 0.9));
      await activateContract(deps, tenantId, { contractId: first, actor: "a" });
      expect((await provider(deps, tenantId, clock.now()))?.escalation.lowConfidence).toBe(0.4);

      const other: Store = store.reopen();
      try {
        await activateContract({ store: other, clock }, tenantId, { contractId: second, actor: "b" });
      } finally {
        await other.close();
      }
      // Within the interval the cached schedule is used without reading the store.
      monotonic = 999;
      expect((await provider(deps, tenantId, clock.now()))?.escalation.lowConfidence).toBe(0.4);
      // Then the revision is read, has moved, and the schedule is reloaded.
      monotonic = 1000;
      expect((await provider(deps, tenantId, clock.now()))?.escalation.lowConfidence).toBe(0.9);
      // An unchanged revision keeps the cached parameters object.
      const cached = await provider(deps, tenantId, clock.now());
      monotonic = 5000;
      expect(await provider(deps, tenantId, clock.now())).toBe(cached);
    });

    it("binds nothing for an activated document that no longer validates, and says so", async () => {
      const tenantId = await newTenant("stale");
      // As if validation rules had tightened since this document was stored and activated.
      await store.db
        .insertInto("contract_heads")
        .values({ tenant_id: tenantId, last_version: 1, revision: 1, updated_at: clock.now() })
        .execute();
      await store.db
        .insertInto("contracts")
        .values({
          tenant_id: tenantId,
          contract_id: "ctr_01KE6P4YM0AAAAAAAAAAAAAAAA",
          version: 1,
          name: "old",
          revision_label: null,
          document: "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: old }\nfuture: 1\n",
          sha256: "x",
          lint_errors: 0,
          lint_warnings: 0,
          lint_infos: 0,
          uploaded_by: "a",
          uploaded_at: clock.now(),
        })
        .execute();
      await store.db
        .insertInto("contract_activations")
        .values({
          tenant_id: tenantId,
          seq: 1,
          contract_id: "ctr_01KE6P4YM0AAAAAAAAAAAAAAAA",
          effective_from: clock.now(),
          activated_by: "a",
          activated_at: clock.now(),
        })
        .execute();
      expect(await activeContractParameters(deps, tenantId, clock.now())).toBeUndefined();
      const active = await getActiveContract(deps, tenantId);
      expect(active).toMatchObject({ valid: false, parameters: null });
      expect(active.problems[0]).toMatchObject({ code: "unknown-key", path: "future", line: 4 });
    });
  });
}
