import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestTenant } from "../ledger/test-support/store-fixture.js";
import { createTestStore, DIALECTS, type TestStore } from "../store/test-support/test-store.js";
import { expireIdempotentResponseBatch, type IdempotencyCursor } from "./expire-idempotent-responses.js";

for (const dialect of DIALECTS) {
  describe(`stored idempotent responses expire in batches, across callers (${dialect})`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(dialect);
    });
    afterAll(() => store.dispose());

    it("deletes every response before the cutoff, batch by batch, and nothing else", async () => {
      const [mine, theirs] = [await insertTestTenant(store), await insertTestTenant(store)];
      // Callers share times and key values: the cursor must order by (created_at, caller, key).
      const rows = [mine, theirs].flatMap((tenant) =>
        ["key_a", "key_b", "key_a/3f2a"].flatMap((caller) =>
          [100, 100, 200, 900].map((at, i) => ({
            tenant_id: tenant,
            caller,
            idem_key: `k-${i}`,
            fingerprint: "f",
            status_code: 201,
            response: "{}",
            created_at: at,
          })),
        ),
      );
      await store.db.insertInto("idempotency_keys").values(rows).execute();
      let after: IdempotencyCursor | undefined;
      let deleted = 0;
      const sizes: number[] = [];
      for (;;) {
        const b = await store.transaction((trx) =>
          expireIdempotentResponseBatch(trx, mine, { before: 500, after, limit: 4 }),
        );
        deleted += b.idempotencyResponses;
        sizes.push(b.size);
        if (b.size < 4 || !b.last) break;
        after = b.last;
      }
      expect(sizes).toEqual([4, 4, 1]);
      expect(deleted).toBe(9);
      const left = await store.db
        .selectFrom("idempotency_keys")
        .select(["tenant_id", "created_at"])
        .execute();
      expect(left.filter((r) => r.tenant_id === mine).map((r) => Number(r.created_at))).toEqual([
        900, 900, 900,
      ]);
      expect(left.filter((r) => r.tenant_id === theirs)).toHaveLength(12);
    });
  });
}
