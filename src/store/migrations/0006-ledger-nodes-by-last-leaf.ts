import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * `ledger_nodes` keyed by the last leaf a subtree covers: `(tenant_id, last_seq, level)` instead of
 * `(tenant_id, level, idx)`. The subtrees an append completes all end at one of the leaves it appends, so
 * with this key every append writes at the right edge of one B-tree, where before it wrote at the right
 * edge of each level's range — a page per level to change and commit. Measured on SQLite with the append
 * pattern of a busy tenant (batches of 16 entries): 8.5 µs of node writes per entry before, 3.8 after.
 *
 * `idx` is dropped: it is `(last_seq + 1) / 2^level − 1`. The rows are copied; the append-only triggers
 * are created again on the new table.
 */

type AnyDb = Kysely<unknown>;

async function guardAppendOnly(db: AnyDb, postgres: boolean): Promise<void> {
  if (postgres) {
    await sql`create trigger ledger_nodes_append_only before update or delete on ledger_nodes
      for each row execute function ledger_append_only()`.execute(db);
    return;
  }
  for (const op of ["update", "delete"] as const) {
    await sql`create trigger ${sql.id(`ledger_nodes_no_${op}`)} before ${sql.raw(op)} on ledger_nodes
      begin select raise(abort, 'ledger rows are append-only (ledger_nodes)'); end`.execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("ledger_nodes_by_last_seq")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    // The seq of the last leaf under the subtree: (idx + 1) · 2^level − 1.
    .addColumn("last_seq", "bigint", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("hash", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_nodes_by_last_seq_pk", ["tenant_id", "last_seq", "level"])
    .modifyEnd(sql`${sql.raw(postgres ? "" : "without rowid")}`)
    .execute();
  await sql`insert into ledger_nodes_by_last_seq (tenant_id, last_seq, level, hash)
    select tenant_id, ((idx + 1) << level) - 1, level, hash from ledger_nodes`.execute(db);
  await db.schema.dropTable("ledger_nodes").execute();
  await sql`alter table ledger_nodes_by_last_seq rename to ledger_nodes`.execute(db);
  await guardAppendOnly(db, postgres);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("ledger_nodes_by_level")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("idx", "bigint", (c) => c.notNull())
    .addColumn("hash", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_nodes_pk", ["tenant_id", "level", "idx"])
    .modifyEnd(sql`${sql.raw(postgres ? "" : "without rowid")}`)
    .execute();
  await sql`insert into ledger_nodes_by_level (tenant_id, level, idx, hash)
    select tenant_id, level, ((last_seq + 1) >> level) - 1, hash from ledger_nodes`.execute(db);
  await db.schema.dropTable("ledger_nodes").execute();
  await sql`alter table ledger_nodes_by_level rename to ledger_nodes`.execute(db);
  await guardAppendOnly(db, postgres);
}
