import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The subject index is written with its entries, in the append's transaction, and never runs behind the
 * log: `ledger_heads.subjects_to` (0007), which said how far the index went, is dropped, and lookups by
 * subject read the index alone.
 *
 * Up first writes the rows the 0007 scheme had not written yet — those of every entry at or past its
 * tenant's `subjects_to` — one row per distinct id an entry's subject names, as appends write them, read
 * from the entry's own text by the database's JSON functions. Down adds the column back as the tree size:
 * every entry is indexed. The statements are written out here rather than imported: a migration keeps
 * doing what it did when it shipped.
 */

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const subjects = postgres
    ? sql`cross join lateral jsonb_each_text(e.entry::jsonb -> 'subject') as j(key, value)`
    : sql`, json_each(e.entry, '$.subject') as j`;
  await sql`insert into ledger_subjects (tenant_id, subject_id, seq)
    select e.tenant_id, j.value, e.seq
    from ledger_entries e join ledger_heads h on h.tenant_id = e.tenant_id ${subjects}
    where e.seq >= h.subjects_to
    on conflict do nothing`.execute(db);
  await db.schema.alterTable("ledger_heads").dropColumn("subjects_to").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("ledger_heads")
    .addColumn("subjects_to", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update ledger_heads set subjects_to = tree_size`.execute(db);
}
