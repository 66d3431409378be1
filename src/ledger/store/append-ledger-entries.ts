import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { VouchError } from "../../shared/errors.js";
import {
  type Db,
  defineQuery,
  dialectOf,
  forUpdate,
  insertRows,
  type LedgerEntriesTable,
  type LedgerNodesTable,
  type LedgerSubjectsTable,
  type Store,
} from "../../store/index.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { planAppend } from "../tree/append-leaves.js";
import { lastLeafOf } from "../tree/decompose-tree.js";
import { HASH_SIZE } from "../tree/hash-nodes.js";

/** Where an append left the log. */
export interface AppendResult {
  /** The seq of the first entry appended (entries get firstSeq, firstSeq + 1, …). */
  readonly firstSeq: number;
  /** The tree size after the append. */
  readonly treeSize: number;
}

// Rows per table in PostgreSQL's one-statement append: far below its 65,535 bound parameters.
const ROWS_PER_INSERT = 500;

/**
 * Append entries to a tenant's log at once, inside the caller's transaction — the transaction of the
 * action the entries record, so an action that commits has its entries and a rolled-back action has none,
 * and the entries have their seqs when it commits. For the customer-message path prefer
 * queueLedgerEntries, which gives the same guarantee for a fraction of the cost (see its doc).
 *
 * Appends to one tenant are serialised on the tenant's `ledger_heads` row: PostgreSQL locks it
 * (`SELECT … FOR UPDATE`, inserting it first with ON CONFLICT DO NOTHING when it is missing) until the
 * transaction ends; SQLite needs no lock because the store's transactions hold the database's write lock
 * (BEGIN IMMEDIATE; group commit runs them one after another). The head row carries the size and the
 * frontier hashes, so an append reads one row, hashes O(log n) nodes in memory and writes: the entry rows,
 * their subject index rows, the subtrees they complete (on average one per entry; leaves live in
 * `ledger_entries`) and the head — four multi-row statements on SQLite, one (data-modifying CTEs) on
 * PostgreSQL. Call it as late in the transaction as possible: on PostgreSQL the tenant's other appends
 * wait for the head lock until this transaction commits.
 */
export async function appendLedgerEntries(
  trx: Db,
  tenantId: string,
  entries: readonly CanonicalEntry[],
): Promise<AppendResult> {
  requireTransaction(trx);
  checkTenant(tenantId, entries);
  const head = await lockHead(trx, tenantId, latestTime(entries));
  return appendLocked(trx, tenantId, head, entries);
}

/** A tenant's head as read under its lock. */
interface LockedHead {
  readonly size: number;
  readonly frontier: readonly Uint8Array[];
}

/** On PostgreSQL, a row lock outside a transaction ends with the statement: appends would race. */
function requireTransaction(trx: Db): void {
  if (dialectOf(trx) === "postgres" && !trx.isTransaction) {
    throw new Error("ledger appends must run inside the transaction of the action they record");
  }
}

export function checkTenant(tenantId: string, entries: readonly CanonicalEntry[]): void {
  for (const e of entries) {
    if (e.entry.tenant !== tenantId) {
      throw new VouchError(
        "VALIDATION_FAILED",
        `a ledger entry of tenant ${e.entry.tenant} cannot go into the log of tenant ${tenantId}`,
      );
    }
  }
}

function latestTime(entries: readonly CanonicalEntry[]): number {
  let time = 0;
  for (const e of entries) time = Math.max(time, e.timeMs);
  return time;
}

/**
 * Write entries after the head's current last entry: entry rows, their subject rows, completed subtrees
 * and the new head. The caller holds the head (lockHead) in this transaction.
 */
export async function appendLocked(
  trx: Db,
  tenantId: string,
  head: LockedHead,
  entries: readonly CanonicalEntry[],
): Promise<AppendResult> {
  if (entries.length === 0) return { firstSeq: head.size, treeSize: head.size };
  const plan = planAppend(
    head.size,
    head.frontier,
    entries.map((e) => e.leafHash),
  );
  const entryRows: LedgerEntriesTable[] = [];
  const subjectRows: LedgerSubjectsTable[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const seq = head.size + i;
    entryRows.push({
      tenant_id: tenantId,
      seq,
      type: e.entry.type,
      entry: e.text,
      leaf_hash: e.leafHash,
      created_at: e.timeMs,
    });
    addSubjectRows(subjectRows, tenantId, seq, e);
  }
  const nodeRows: LedgerNodesTable[] = [];
  for (const n of plan.nodes) {
    if (n.level > 0)
      nodeRows.push({ tenant_id: tenantId, last_seq: lastLeafOf(n), level: n.level, hash: n.hash });
  }
  const headUpdate = {
    tree_size: plan.size,
    frontier: concat(plan.frontier),
    updated_at: latestTime(entries),
  };

  const oneChunkEach = [entryRows, subjectRows, nodeRows].every((rows) => rows.length <= ROWS_PER_INSERT);
  if (dialectOf(trx) === "postgres" && oneChunkEach) {
    // One round trip: every data-modifying CTE runs exactly once whether or not it is referenced.
    const inserts = [
      sql`insert into ledger_entries (tenant_id, seq, type, entry, leaf_hash, created_at) values ${sql.join(
        entryRows.map(
          (r) => sql`(${r.tenant_id}, ${r.seq}, ${r.type}, ${r.entry}, ${r.leaf_hash}, ${r.created_at})`,
        ),
      )}`,
      ...(subjectRows.length === 0
        ? []
        : [
            sql`insert into ledger_subjects (tenant_id, subject_id, seq) values ${sql.join(
              subjectRows.map((r) => sql`(${r.tenant_id}, ${r.subject_id}, ${r.seq})`),
            )}`,
          ]),
      ...(nodeRows.length === 0
        ? []
        : [
            sql`insert into ledger_nodes (tenant_id, last_seq, level, hash) values ${sql.join(
              nodeRows.map((r) => sql`(${r.tenant_id}, ${r.last_seq}, ${r.level}, ${r.hash})`),
            )}`,
          ]),
    ];
    const ctes = sql.join(
      inserts.map((q, i) => sql`${sql.raw(`w${i}`)} as (${q})`),
      sql`, `,
    );
    await sql`with ${ctes} update ledger_heads set tree_size = ${headUpdate.tree_size},
      frontier = ${headUpdate.frontier}, updated_at = ${headUpdate.updated_at}
      where tenant_id = ${tenantId}`.execute(trx);
  } else {
    // Multi-row inserts compiled once per shape (insertRows, which also splits them into statements of
    // at most 64 rows): building a Kysely query costs more than SQLite takes to run it.
    await insertRows(trx, "ledger_entries", entryRows);
    await insertRows(trx, "ledger_subjects", subjectRows);
    await insertRows(trx, "ledger_nodes", nodeRows);
    await updateHead(trx, tenantId, headUpdate);
  }
  return { firstSeq: head.size, treeSize: plan.size };
}

const updateHead = defineQuery(
  (db: Db, tenantId: string, h: { tree_size: number; frontier: Uint8Array; updated_at: number }) =>
    db
      .updateTable("ledger_heads")
      .set({ tree_size: h.tree_size, frontier: h.frontier, updated_at: h.updated_at })
      .where("tenant_id", "=", tenantId),
);

const headOf = (db: Db, tenantId: string) =>
  db.selectFrom("ledger_heads").select(["tree_size", "frontier"]).where("tenant_id", "=", tenantId);
// Locked on PostgreSQL; SQLite's transactions already hold the write lock (forUpdate).
const selectHeadForUpdate = defineQuery((db: Db, tenantId: string) => forUpdate(db, headOf(db, tenantId)));
// Skipped when another transaction holds it: SQLite has no row locks to skip, so it reads the row.
const selectHeadSkipLocked = defineQuery((db: Db, tenantId: string) =>
  dialectOf(db) === "postgres" ? headOf(db, tenantId).forUpdate().skipLocked() : headOf(db, tenantId),
);

/**
 * The head row, locked on PostgreSQL until the transaction ends; created when the tenant has no log yet.
 * With `skipLocked`, undefined when another transaction holds it (a sequencer already at work).
 */
export async function lockHead(
  trx: Db,
  tenantId: string,
  now: number,
  opts: { readonly skipLocked?: boolean } = {},
): Promise<LockedHead> {
  const query = opts.skipLocked ? selectHeadSkipLocked : selectHeadForUpdate;
  const select = async () => (await query(trx, tenantId)).rows[0];
  let row = await select();
  if (!row) {
    await insertHead(trx, tenantId, now);
    row = await select();
    if (!row) {
      if (opts.skipLocked) throw new HeadBusy();
      throw new Error(`ledger head of tenant ${tenantId} could not be created`);
    }
  }
  return {
    size: row.tree_size,
    frontier: splitFrontier(row.frontier, row.tree_size, tenantId),
  };
}

/** Thrown by lockHead with `skipLocked` when another transaction holds the head. */
export class HeadBusy extends Error {
  constructor() {
    super("the ledger head is locked by another transaction");
  }
}

async function insertHead(db: Db, tenantId: string, now: number): Promise<void> {
  await db
    .insertInto("ledger_heads")
    .values({
      tenant_id: tenantId,
      tree_size: 0,
      frontier: new Uint8Array(0),
      digest_key: randomBytes(32),
      updated_at: now,
    })
    .onConflict((oc) => oc.column("tenant_id").doNothing())
    .execute();
}

const digestKeys = new WeakMap<Db, Map<string, Uint8Array>>();

/**
 * The tenant's key for digests of personal data in its entries (`digestContent(text, key)`): a random
 * 32-byte HMAC key created with the tenant's log and kept in its head row, so every process of the
 * deployment computes the same digests and an outsider holding an export cannot confirm a guess.
 *
 * Call it before the transaction (it may create the head row in a transaction of its own, and on SQLite
 * the store's one connection is busy inside a transaction); it is cached per store and tenant, so after
 * the first call it costs nothing.
 */
export async function ledgerDigestKey(store: Pick<Store, "db">, tenantId: string): Promise<Uint8Array> {
  let byTenant = digestKeys.get(store.db);
  if (!byTenant) {
    byTenant = new Map();
    digestKeys.set(store.db, byTenant);
  }
  const cached = byTenant.get(tenantId);
  if (cached) return cached;
  const read = () =>
    store.db
      .selectFrom("ledger_heads")
      .select("digest_key")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
  let row = await read();
  if (!row) {
    const exists = await store.db
      .selectFrom("tenants")
      .select("tenant_id")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
    if (!exists) throw new VouchError("NOT_FOUND", `tenant ${tenantId} not found`);
    await insertHead(store.db, tenantId, Date.now());
    row = await read();
    if (!row) throw new Error(`ledger head of tenant ${tenantId} could not be created`);
  }
  const key = Uint8Array.from(row.digest_key);
  byTenant.set(tenantId, key);
  return key;
}

/** Split the head's concatenated frontier, checking it has one hash per frontier subtree. */
export function splitFrontier(bytes: Uint8Array, size: number, tenantId: string): Uint8Array[] {
  let expected = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) expected += n % 2;
  if (bytes.length !== expected * HASH_SIZE) {
    throw new Error(`ledger head of tenant ${tenantId} is corrupt: frontier does not match size ${size}`);
  }
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += HASH_SIZE) out.push(bytes.subarray(at, at + HASH_SIZE));
  return out;
}

function concat(hashes: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(hashes);
}

/** The entry's subject rows: one per distinct id (two kinds may name the same id). */
function addSubjectRows(rows: LedgerSubjectsTable[], tenantId: string, seq: number, e: CanonicalEntry): void {
  const first = rows.length;
  const subject = e.entry.subject;
  for (const kind in subject) {
    const id = subject[kind]!;
    let seen = false;
    for (let j = first; j < rows.length && !seen; j++) seen = rows[j]!.subject_id === id;
    if (!seen) rows.push({ tenant_id: tenantId, subject_id: id, seq });
  }
}
