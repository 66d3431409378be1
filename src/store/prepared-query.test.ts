import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineQuery, insertRows, insertRowsTogether } from "./prepared-query.js";
import type { ConversationsTable, TenantsTable } from "./schema.js";
import { createTestStore, DIALECTS, type TestStore } from "./test-support/test-store.js";
import type { Db } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-prepared-"));

const tenant = (id: string, rev = 0): TenantsTable => ({
  tenant_id: id,
  slug: id.replace("ten_", ""),
  name: `Tenant ${id}`,
  settings: "{}",
  knowledge_rev: rev,
  created_at: 1_700_000_000_000,
});

const conversation = (tenantId: string, id: string): ConversationsTable => ({
  tenant_id: tenantId,
  conversation_id: id,
  channel: "api",
  customer_ref: null,
  status: "open",
  next_seq: 1,
  failure_streak: 0,
  human_involved: 0,
  token_hash: null,
  agent_version: null,
  last_role: null,
  last_intent: null,
  last_ai_action: null,
  metadata: "{}",
  created_at: 1_700_000_000_000,
  last_message_at: 1_700_000_000_000,
});

// Module-level, as the application declares them: one template per dialect, shared by every store.
const tenantsFrom = defineQuery((db: Db, minRev: number, slug: string) =>
  db
    .selectFrom("tenants")
    .select(["tenant_id", "knowledge_rev"])
    .where("knowledge_rev", ">=", minRev)
    .where("slug", "!=", slug)
    .where("name", "!=", "a constant of the query")
    .orderBy("tenant_id"),
);
const updateTenant = defineQuery((db: Db, t: TenantsTable) =>
  db
    .updateTable("tenants")
    .set({ name: t.name, knowledge_rev: t.knowledge_rev })
    .where("tenant_id", "=", t.tenant_id),
);
const inlined = defineQuery((db: Db, slug: string) =>
  db.selectFrom("tenants").select("tenant_id").where("slug", "=", sql.lit(slug)),
);

for (const dialect of DIALECTS) {
  describe(`prepared queries (${dialect})`, () => {
    let store: TestStore;
    let n = 0;
    beforeEach(async () => {
      store = await createTestStore(dialect, join(dir, `${dialect}-${++n}.db`));
    });
    afterEach(() => store.dispose());

    const all = () => store.db.selectFrom("tenants").selectAll().orderBy("tenant_id").execute();

    it("insertRows writes one or many rows, each value in its own column", async () => {
      await insertRows(store.db, "tenants", [tenant("ten_a", 3)]);
      await insertRows(store.db, "tenants", [tenant("ten_b", 1), tenant("ten_c", 2)]);
      // The same shape again reuses the template, with these values.
      await insertRows(store.db, "tenants", [tenant("ten_d", 4), tenant("ten_e", 5)]);
      expect(await all()).toEqual([
        tenant("ten_a", 3),
        tenant("ten_b", 1),
        tenant("ten_c", 2),
        tenant("ten_d", 4),
        tenant("ten_e", 5),
      ]);
    });

    it("insertRows splits many rows into power-of-two statements and keeps every row, in order", async () => {
      for (const n of [70, 37, 3]) {
        const rows = Array.from({ length: n }, (_, i) => tenant(`ten_${n}_${String(i).padStart(3, "0")}`, i));
        await insertRows(store.db, "tenants", rows);
      }
      const stored = await all();
      expect(stored).toHaveLength(70 + 37 + 3);
      expect(stored.filter((t) => t.tenant_id.startsWith("ten_37_")).map((t) => t.knowledge_rev)).toEqual(
        Array.from({ length: 37 }, (_, i) => i),
      );
    });

    it("insertRows with columns in another order puts each value in its column", async () => {
      const { created_at, tenant_id, ...rest } = tenant("ten_z", 9);
      await insertRows(store.db, "tenants", [{ created_at, ...rest, tenant_id }]);
      expect(await all()).toEqual([tenant("ten_z", 9)]);
    });

    it("insertRows refuses rows of different shapes and undefined values, and writes nothing", async () => {
      const { settings: _, ...short } = tenant("ten_b");
      await expect(insertRows(store.db, "tenants", [tenant("ten_a"), short as TenantsTable])).rejects.toThrow(
        /same columns/,
      );
      await expect(
        insertRows(store.db, "tenants", [{ ...tenant("ten_c"), settings: undefined as unknown as string }]),
      ).rejects.toThrow(/settings is undefined/);
      await insertRows(store.db, "tenants", []);
      expect(await all()).toEqual([]);
    });

    it("insertRowsTogether writes every group, children in the same call as their parents", async () => {
      const conversations = () =>
        store.db.selectFrom("conversations").selectAll().orderBy("conversation_id").execute();
      await insertRowsTogether(store.db, [
        { table: "tenants", rows: [tenant("ten_a", 1)] },
        { table: "conversations", rows: [conversation("ten_a", "c1"), conversation("ten_a", "c2")] },
      ]);
      // The same shape again (one compiled statement on PostgreSQL), new values; an empty group is skipped.
      await insertRowsTogether(store.db, [
        { table: "tenants", rows: [tenant("ten_b", 2)] },
        { table: "articles", rows: [] },
        { table: "conversations", rows: [conversation("ten_b", "c3"), conversation("ten_b", "c4")] },
      ]);
      expect(await all()).toEqual([tenant("ten_a", 1), tenant("ten_b", 2)]);
      expect(await conversations()).toEqual([
        conversation("ten_a", "c1"),
        conversation("ten_a", "c2"),
        conversation("ten_b", "c3"),
        conversation("ten_b", "c4"),
      ]);
    });

    it("insertRowsTogether in a transaction: a failing group leaves none of the rows", async () => {
      await expect(
        store.transaction((trx) =>
          insertRowsTogether(trx, [
            { table: "tenants", rows: [tenant("ten_a")] },
            // No such tenant: the foreign key fails.
            { table: "conversations", rows: [conversation("ten_missing", "c1")] },
          ]),
        ),
      ).rejects.toThrow(/foreign key/i);
      expect(await all()).toEqual([]);
      const { settings: _, ...short } = tenant("ten_b");
      await expect(
        insertRowsTogether(store.db, [
          { table: "tenants", rows: [tenant("ten_c"), short as TenantsTable] },
          { table: "conversations", rows: [conversation("ten_c", "c1")] },
        ]),
      ).rejects.toThrow(/same columns/);
      expect(await all()).toEqual([]);
    });

    it("a prepared select binds each argument where the builder used it, call after call", async () => {
      await insertRows(store.db, "tenants", [tenant("ten_a", 1), tenant("ten_b", 2), tenant("ten_c", 3)]);
      expect((await tenantsFrom(store.db, 2, "c")).rows).toEqual([{ tenant_id: "ten_b", knowledge_rev: 2 }]);
      expect((await tenantsFrom(store.db, 0, "a")).rows).toEqual([
        { tenant_id: "ten_b", knowledge_rev: 2 },
        { tenant_id: "ten_c", knowledge_rev: 3 },
      ]);
    });

    it("a prepared update reads a record argument's properties", async () => {
      await insertRows(store.db, "tenants", [tenant("ten_a", 1), tenant("ten_b", 2)]);
      await updateTenant(store.db, { ...tenant("ten_b"), name: "Renamed", knowledge_rev: 7 });
      await updateTenant(store.db, { ...tenant("ten_a"), name: "Also", knowledge_rev: 8 });
      expect((await all()).map((t) => [t.tenant_id, t.name, t.knowledge_rev])).toEqual([
        ["ten_a", "Also", 8],
        ["ten_b", "Renamed", 7],
      ]);
    });

    it("runs inside a transaction and rolls back with it", async () => {
      await expect(
        store.transaction(async (trx) => {
          await insertRows(trx, "tenants", [tenant("ten_a")]);
          expect((await tenantsFrom(trx, 0, "x")).rows).toHaveLength(1);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await all()).toEqual([]);
    });

    it("refuses an undefined value, which the builder would have left out of the statement", async () => {
      await insertRows(store.db, "tenants", [tenant("ten_a", 1)]);
      const partial = { ...tenant("ten_a"), name: undefined as unknown as string };
      await expect(updateTenant(store.db, partial)).rejects.toThrow(/argument 1\.name is undefined/);
      expect((await all())[0]?.name).toBe("Tenant ten_a");
    });

    it("refuses a builder that writes an argument into the statement's text", async () => {
      await expect(inlined(store.db, "a")).rejects.toThrow(/bound parameter/);
    });
  });
}
