import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dialectOf, forUpdate, lockRows } from "./dialect.js";
import type { Database as Tables } from "./schema.js";
import { createTestStore, DIALECTS, insertTenantRow, type TestStore } from "./test-support/test-store.js";

for (const dialect of DIALECTS) {
  describe(`the handle carries its dialect (${dialect})`, () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await createTestStore(dialect);
      await insertTenantRow(store);
    });
    afterEach(() => store.dispose());

    const tenant = (db: TestStore["db"]) =>
      db.selectFrom("tenants").select(["tenant_id", "knowledge_rev"]).where("tenant_id", "=", "ten_1");

    it("the store's handle and every transaction's handle know the store's dialect", async () => {
      expect(dialectOf(store.db)).toBe(dialect);
      const inside = await Promise.all([
        store.transaction(async (trx) => dialectOf(trx)),
        store.transaction(async (trx) => dialectOf(trx)),
      ]);
      expect(inside).toEqual([dialect, dialect]);
    });

    it("forUpdate reads the rows on either store", async () => {
      const rows = await store.transaction((trx) => forUpdate(trx, tenant(trx)).execute());
      expect(rows).toEqual([{ tenant_id: "ten_1", knowledge_rev: 0 }]);
    });

    it("lockRows holds the rows until the transaction ends", async () => {
      let released = false;
      await store.transaction(async (trx) => {
        await lockRows(trx, tenant(trx));
        if (dialect === "postgres") {
          // Another connection may not take the lock while this transaction holds it.
          await expect(tenant(store.db).forUpdate().noWait().execute()).rejects.toThrow(
            /could not obtain lock/,
          );
        }
        released = true;
      });
      expect(released).toBe(true);
      if (dialect === "postgres") {
        expect(await tenant(store.db).forUpdate().noWait().execute()).toHaveLength(1);
      }
    });
  });
}

describe("a handle the store did not hand out", () => {
  it("is refused, not guessed", async () => {
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
    try {
      expect(() => dialectOf(db)).toThrow(/not the store's/);
    } finally {
      await db.destroy();
    }
  });
});
