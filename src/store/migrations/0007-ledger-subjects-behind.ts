import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * `ledger_heads.subjects_to`: the tenant's entries with seq < subjects_to have their `ledger_subjects`
 * rows; later ones may not have them yet. Appends made at the end of a busy SQLite batch leave the subject
 * index to the sequencer, which fills it in for hundreds of entries in one statement (see
 * src/ledger/store/index-subjects.ts); lookups by subject read the index and the entries after
 * subjects_to. Every existing log is fully indexed, so up sets subjects_to to the tree size.
 *
 * Down indexes every entry past subjects_to first (the earlier schema has no column to say an entry is
 * not indexed yet), then drops the column. The statement is written out here rather than imported: a
 * migration keeps doing what it did when it shipped.
 */

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("ledger_heads")
    .addColumn("subjects_to", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update ledger_heads set subjects_to = tree_size`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const subjects =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`cross join lateral jsonb_each_text(e.entry::jsonb -> 'subject') as j(key, value)`
      : sql`, json_each(e.entry, '$.subject') as j`;
  await sql`insert into ledger_subjects (tenant_id, subject_id, seq, kind)
    select e.tenant_id, j.value, e.seq, j.key
    from ledger_entries e join ledger_heads h on h.tenant_id = e.tenant_id ${subjects}
    where e.seq >= h.subjects_to
    order by e.tenant_id, e.seq, j.key
    on conflict do nothing`.execute(db);
  await db.schema.alterTable("ledger_heads").dropColumn("subjects_to").execute();
}
