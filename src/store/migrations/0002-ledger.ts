import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The decision ledger's tables (src/ledger/README.md, docs/ledger.md): per tenant, the entries (the
 * canonical JSON exactly as hashed), the completed perfect subtrees above the leaves, the head row every
 * append locks, the signed checkpoints, and an index from subject ids to entries. `tenant_id` leads every
 * key. Hashes are `bytea`: PostgreSQL's binary type, which SQLite accepts as a column type and stores
 * Buffers in unchanged, so both stores read and write the same 32-byte values.
 *
 * Entries, nodes, checkpoints and subjects are only ever inserted; a trigger refuses UPDATE and DELETE on
 * them, so no code path can change history by mistake. (A database owner can drop the trigger: that is
 * what the signed checkpoints and `vouch audit verify` are for.)
 */

type AnyDb = Kysely<unknown>;

const APPEND_ONLY = ["ledger_entries", "ledger_nodes", "ledger_checkpoints", "ledger_subjects"] as const;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite: a table whose rows are small and always found by their key is stored in its key's B-tree
  // alone (WITHOUT ROWID), so an append updates one B-tree per table instead of two.
  const clustered = sql`${sql.raw(postgres ? "" : "without rowid")}`;
  await db.schema
    .createTable("ledger_heads")
    .addColumn("tenant_id", "text", (c) => c.notNull().primaryKey())
    .addColumn("tree_size", "bigint", (c) => c.notNull())
    // The hashes of frontierKeys(tree_size), concatenated: an append reads them with the lock it takes
    // anyway, instead of querying ledger_nodes.
    .addColumn("frontier", "bytea", (c) => c.notNull())
    // HMAC key for digests of personal data in this tenant's entries (digestContent).
    .addColumn("digest_key", "bytea", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addForeignKeyConstraint("ledger_heads_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable("ledger_entries")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("entry", "text", (c) => c.notNull())
    .addColumn("leaf_hash", "bytea", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_entries_pk", ["tenant_id", "seq"])
    .execute();

  // Level ≥ 1 only: a leaf's hash (level 0) is ledger_entries.leaf_hash.
  await db.schema
    .createTable("ledger_nodes")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("idx", "bigint", (c) => c.notNull())
    .addColumn("hash", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_nodes_pk", ["tenant_id", "level", "idx"])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable("ledger_checkpoints")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("tree_size", "bigint", (c) => c.notNull())
    .addColumn("root", "bytea", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("key_names", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_checkpoints_pk", ["tenant_id", "tree_size"])
    .execute();

  await db.schema
    .createTable("ledger_subjects")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_subjects_pk", ["tenant_id", "subject_id", "seq"])
    .modifyEnd(clustered)
    .execute();

  if (postgres) {
    await sql`create function ledger_append_only() returns trigger language plpgsql as $$
      begin raise exception 'ledger rows are append-only (%)', tg_table_name; end $$`.execute(db);
  }
  for (const table of APPEND_ONLY) {
    const trigger = sql.id(`${table}_append_only`);
    if (postgres) {
      await sql`create trigger ${trigger} before update or delete on ${sql.table(table)}
        for each row execute function ledger_append_only()`.execute(db);
    } else {
      for (const op of ["update", "delete"] as const) {
        const name = sql.id(`${table}_no_${op}`);
        await sql`create trigger ${name} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(`ledger rows are append-only (${table})`)}); end`.execute(db);
      }
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [...APPEND_ONLY, "ledger_heads"]) await db.schema.dropTable(t).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists ledger_append_only()`.execute(db);
  }
}
