import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The subject index may run behind the log, and its rows are only the key:
 * - `ledger_heads.subjects_to`: the tenant's entries with seq < subjects_to have their `ledger_subjects`
 *   rows; later ones may not have them yet. Appends made at the end of a busy SQLite batch leave the
 *   subject index to the sequencer, which fills it in for hundreds of entries in one statement (see
 *   src/ledger/store/index-subjects.ts); lookups by subject read the index and the entries after
 *   subjects_to. Every existing log is fully indexed, so up sets subjects_to to the tree size.
 * - `ledger_subjects.kind` is dropped: nothing read it, and the entry's own text says which kind names
 *   the id. A row is (tenant_id, subject_id, seq), a tenth cheaper to write.
 *
 * Down rebuilds `ledger_subjects` with `kind` from every entry's subjects (the earlier schema has no way to
 * say an entry is not indexed yet, and the kind is in the text): one row per distinct id of an entry, with
 * the first kind naming it in key order, as the code of that schema wrote them. The statements are written
 * out here rather than imported: a migration keeps doing what it did when it shipped.
 */

type AnyDb = Kysely<unknown>;

const postgresOf = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("ledger_heads")
    .addColumn("subjects_to", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update ledger_heads set subjects_to = tree_size`.execute(db);
  await db.schema.alterTable("ledger_subjects").dropColumn("kind").execute();
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = postgresOf(db);
  await db.schema.dropTable("ledger_subjects").execute();
  await db.schema
    .createTable("ledger_subjects")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_subjects_pk", ["tenant_id", "subject_id", "seq"])
    .modifyEnd(sql`${sql.raw(postgres ? "" : "without rowid")}`)
    .execute();
  const subjects = postgres
    ? sql`cross join lateral jsonb_each_text(e.entry::jsonb -> 'subject') as j(key, value)`
    : sql`, json_each(e.entry, '$.subject') as j`;
  await sql`insert into ledger_subjects (tenant_id, subject_id, seq, kind)
    select e.tenant_id, j.value, e.seq, min(j.key ${sql.raw(postgres ? 'collate "C"' : "")})
    from ledger_entries e ${subjects}
    group by e.tenant_id, j.value, e.seq`.execute(db);
  if (postgres) {
    await sql`create trigger ledger_subjects_append_only before update or delete on ledger_subjects
      for each row execute function ledger_append_only()`.execute(db);
  } else {
    for (const op of ["update", "delete"] as const) {
      await sql`create trigger ${sql.id(`ledger_subjects_no_${op}`)} before ${sql.raw(op)} on ledger_subjects
        begin select raise(abort, 'ledger rows are append-only (ledger_subjects)'); end`.execute(db);
    }
  }
  await db.schema.alterTable("ledger_heads").dropColumn("subjects_to").execute();
}
