import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateTo } from "../migrate.js";
import { createTestStore, DIALECTS } from "../test-support/test-store.js";

for (const dialect of DIALECTS) {
  describe(`migration 0008 keeps stored responses (${dialect})`, () => {
    it("up files them under a caller no request presents; down keeps the newest per key", async () => {
      const store = await createTestStore(dialect);
      try {
        await migrateTo(store, "0007-ledger-subjects-behind");
        const tenant = "ten_01J00000000000000000000000";
        await store.db
          .insertInto("tenants")
          .values({
            tenant_id: tenant,
            slug: "t",
            name: "T",
            settings: "{}",
            knowledge_rev: 0,
            created_at: 1,
          })
          .execute();
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
