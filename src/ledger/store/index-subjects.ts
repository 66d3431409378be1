import { PostgresAdapter, type RawBuilder, sql } from "kysely";
import { type Db, type Dialect, prepareQuery } from "../../store/index.js";

/**
 * The subject index (`ledger_subjects`: subject id → seqs) may run behind the log. `ledger_heads.subjects_to`
 * says how far it goes: entries with seq < subjects_to have their rows, later ones may not yet.
 *
 * Why: an append at the end of a busy SQLite batch (a customer message's decision entry) would write three
 * subject rows per entry (conversation, message, decision) at three places of one B-tree, one batch after
 * another: about a fifth of what an entry cost a message, part of it index pages rewritten at every commit.
 * Those appends leave the rows to the sequencer, which writes them for everything since subjects_to in one
 * statement per pass (the subjects read from the entries' own text by the database's JSON functions): in
 * the saturated message bench, 5.7 µs of SQLite time per entry against 10.5 for rows written batch by
 * batch, and fewer pages rewritten. Every other append indexes its entries at once, after catching up.
 *
 * Lookups never miss an entry: seqsOfSubject reads the index and the entries past subjects_to (SqlLedgerReader).
 */

/** The subjects of each entry as (key, value) rows: SQLite's json_each, PostgreSQL's jsonb_each_text. */
function subjectsOf(dialect: Dialect): RawBuilder<unknown> {
  return dialect === "postgres"
    ? sql`cross join lateral jsonb_each_text(e.entry::jsonb -> 'subject') as j(key, value)`
    : sql`, json_each(e.entry, '$.subject') as j`;
}

/**
 * Write the subject rows of the tenant's entries with from ≤ seq < to (the caller holds the head): one row
 * per distinct id of an entry, as appendLocked writes them. Rows already there are kept.
 */
export async function indexSubjectsOf(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  from: number,
  to: number,
): Promise<void> {
  if (from >= to) return;
  await sql`insert into ledger_subjects (tenant_id, subject_id, seq)
    select e.tenant_id, j.value, e.seq from ledger_entries e ${subjectsOf(dialect)}
    where e.tenant_id = ${tenantId} and e.seq >= ${from} and e.seq < ${to}
    order by e.seq
    on conflict do nothing`.execute(trx);
}

const setSubjectsTo = prepareQuery((db: Db, tenantId: string, to: number) =>
  db.updateTable("ledger_heads").set({ subjects_to: to }).where("tenant_id", "=", tenantId),
);

/**
 * Index the tenant's entries from `head.subjectsTo` up to `to` (at most the tree size) and record it in
 * the head. The caller holds the head in this transaction.
 */
export async function catchUpSubjects(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  head: { readonly size: number; readonly subjectsTo: number },
  to: number,
): Promise<number> {
  const upTo = Math.min(to, head.size);
  if (upTo <= head.subjectsTo) return head.subjectsTo;
  await indexSubjectsOf(trx, dialect, tenantId, head.subjectsTo, upTo);
  await setSubjectsTo(trx, dialect, tenantId, upTo);
  return upTo;
}

/**
 * The seqs of the tenant's entries naming `subjectId`, ascending: from the index, and from the entries
 * it does not cover yet.
 */
export async function seqsNaming(db: Db, tenantId: string, subjectId: string): Promise<number[]> {
  const dialect: Dialect = db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
  const rows = await sql<{ seq: number | string }>`
    select seq from ledger_subjects where tenant_id = ${tenantId} and subject_id = ${subjectId}
    union
    select e.seq from ledger_entries e ${subjectsOf(dialect)}
    where e.tenant_id = ${tenantId}
      and e.seq >= coalesce((select subjects_to from ledger_heads where tenant_id = ${tenantId}), 0)
      and j.value = ${subjectId}
    order by seq`.execute(db);
  return rows.rows.map((r) => Number(r.seq));
}
