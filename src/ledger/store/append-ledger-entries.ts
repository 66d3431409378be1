import { randomBytes } from "node:crypto";
import type { QueryCreator } from "kysely";
import { VouchError } from "../../shared/errors.js";
import type { Database, Db, Dialect, Store } from "../../store/index.js";
import { planAppend } from "../append-leaves.js";
import type { CanonicalEntry } from "../build-entry.js";
import { HASH_SIZE } from "../hash-nodes.js";

/** Where an append left the log. */
export interface AppendResult {
  /** The seq of the first entry appended (entries get firstSeq, firstSeq + 1, …). */
  readonly firstSeq: number;
  /** The tree size after the append. */
  readonly treeSize: number;
}

// Rows per multi-row INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_INSERT = 500;

/**
 * Append entries to a tenant's log inside the caller's transaction — the transaction of the action the
 * entries record, so an action that commits has its entries and a rolled-back action has none.
 *
 * Appends to one tenant are serialised on the tenant's `ledger_heads` row: PostgreSQL locks it
 * (`SELECT … FOR UPDATE`, inserting it first with ON CONFLICT DO NOTHING when it is missing) until the
 * transaction ends; SQLite needs no lock because the store's transactions start with BEGIN IMMEDIATE and
 * so already hold the database's write lock. The head row carries the size and the frontier hashes, so an
 * append reads one row, hashes O(log n) nodes in memory and writes: the entry rows, their subject index
 * rows, the subtrees they complete (on average one per entry; leaves live in `ledger_entries`) and the
 * head — four multi-row statements on SQLite, one statement (data-modifying CTEs) on PostgreSQL.
 *
 * Call it as late in the transaction as possible: on PostgreSQL the head lock is held until commit, so
 * everything after the append waits for nothing but is waited for by the tenant's other appends.
 */
export async function appendLedgerEntries(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  entries: readonly CanonicalEntry[],
): Promise<AppendResult> {
  if (dialect === "postgres" && !trx.isTransaction) {
    // Outside a transaction the row lock would end with the statement and appends would race.
    throw new Error("appendLedgerEntries must run inside the transaction of the action it records");
  }
  let time = 0;
  for (const e of entries) {
    if (e.entry.tenant !== tenantId) {
      throw new VouchError(
        "VALIDATION_FAILED",
        `a ledger entry of tenant ${e.entry.tenant} cannot go into the log of tenant ${tenantId}`,
      );
    }
    time = Math.max(time, Date.parse(e.entry.time));
  }
  const head = await lockHead(trx, dialect, tenantId, time);
  if (entries.length === 0) return { firstSeq: head.size, treeSize: head.size };

  const plan = planAppend(
    head.size,
    head.frontier,
    entries.map((e) => e.leafHash),
  );
  const entryRows = entries.map((e, i) => ({
    tenant_id: tenantId,
    seq: head.size + i,
    type: e.entry.type,
    entry: e.text,
    leaf_hash: e.leafHash,
    created_at: Date.parse(e.entry.time),
  }));
  const subjectRows = entries.flatMap((e, i) => subjectRowsOf(tenantId, head.size + i, e));
  const nodeRows = plan.nodes
    .filter((n) => n.level > 0)
    .map((n) => ({ tenant_id: tenantId, level: n.level, idx: n.index, hash: n.hash }));
  const headUpdate = { tree_size: plan.size, frontier: concat(plan.frontier), updated_at: time };

  const rows = entryRows.length + subjectRows.length + nodeRows.length;
  if (dialect === "postgres" && rows <= ROWS_PER_INSERT) {
    // One round trip: every data-modifying CTE runs exactly once whether or not it is referenced.
    // (The casts drop the CTE names from the type: nothing reads them.)
    let q: QueryCreator<Database> = trx.with("e", (db) =>
      db.insertInto("ledger_entries").values(entryRows).returning("seq"),
    ) as unknown as QueryCreator<Database>;
    if (subjectRows.length > 0)
      q = q.with("s", (db) =>
        db.insertInto("ledger_subjects").values(subjectRows).returning("seq"),
      ) as unknown as QueryCreator<Database>;
    if (nodeRows.length > 0)
      q = q.with("n", (db) =>
        db.insertInto("ledger_nodes").values(nodeRows).returning("idx"),
      ) as unknown as QueryCreator<Database>;
    await q.updateTable("ledger_heads").set(headUpdate).where("tenant_id", "=", tenantId).execute();
  } else {
    for (const chunk of chunks(entryRows)) await trx.insertInto("ledger_entries").values(chunk).execute();
    for (const chunk of chunks(subjectRows)) await trx.insertInto("ledger_subjects").values(chunk).execute();
    for (const chunk of chunks(nodeRows)) await trx.insertInto("ledger_nodes").values(chunk).execute();
    await trx.updateTable("ledger_heads").set(headUpdate).where("tenant_id", "=", tenantId).execute();
  }
  return { firstSeq: head.size, treeSize: plan.size };
}

/** The head row, locked on PostgreSQL; created when the tenant has no log yet. */
async function lockHead(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  now: number,
): Promise<{ size: number; frontier: Uint8Array[] }> {
  const select = () => {
    const q = trx
      .selectFrom("ledger_heads")
      .select(["tree_size", "frontier"])
      .where("tenant_id", "=", tenantId);
    return (dialect === "postgres" ? q.forUpdate() : q).executeTakeFirst();
  };
  let row = await select();
  if (!row) {
    await insertHead(trx, tenantId, now);
    row = await select();
    if (!row) throw new Error(`ledger head of tenant ${tenantId} could not be created`);
  }
  return { size: row.tree_size, frontier: splitFrontier(row.frontier, row.tree_size, tenantId) };
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

function subjectRowsOf(tenantId: string, seq: number, e: CanonicalEntry) {
  const seen = new Set<string>();
  const rows: { tenant_id: string; subject_id: string; seq: number; kind: string }[] = [];
  for (const [kind, id] of Object.entries(e.entry.subject)) {
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push({ tenant_id: tenantId, subject_id: id, seq, kind });
  }
  return rows;
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) yield rows.slice(at, at + ROWS_PER_INSERT);
}
