import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestTenant } from "../ledger/test-support/store-fixture.js";
import { migrateTo } from "../store/migrate.js";
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

for (const dialect of DIALECTS) {
  describe(`migration 0008 keeps stored responses (${dialect})`, () => {
    it("up files them under a caller no request presents; down keeps the newest per key", async () => {
      const store = await createTestStore(dialect);
      try {
        await migrateTo(store, "0007-ledger-subjects-behind");
        const tenant = await insertTestTenant(store);
        await sql`insert into idempotency_keys (tenant_id, idem_key, fingerprint, status_code, response, created_at)
          values (${tenant}, 'k-1', 'f', 201, '{"a":1}', 5)`.execute(store.db);
        await migrateTo(store, "0008-conversation-tokens");
        const up = await store.db.selectFrom("idempotency_keys").selectAll().execute();
        expect(up.map((r) => [r.caller, r.idem_key, r.response, Number(r.created_at)])).toEqual([
          ["legacy", "k-1", '{"a":1}', 5],
        ]);
        await store.db
          .insertInto("idempotency_keys")
          .values({ ...up[0]!, caller: "key_b", response: '{"b":2}', created_at: 9 })
          .execute();
        await migrateTo(store, "0007-ledger-subjects-behind");
        const down = await sql<{ idem_key: string; response: string }>`
          select idem_key, response from idempotency_keys`.execute(store.db);
        expect(down.rows).toEqual([{ idem_key: "k-1", response: '{"b":2}' }]);
      } finally {
        await store.dispose();
      }
    });
  });
}
