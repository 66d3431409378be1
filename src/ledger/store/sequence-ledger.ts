import { randomBytes } from "node:crypto";
import {
  type BatchHook,
  type Db,
  type Dialect,
  deferToBatchEnd,
  insertRows,
  insertRowsTogether,
  type LedgerPendingTable,
  type RowGroup,
  type Store,
} from "../../store/index.js";
import { type CanonicalEntry, readEntry } from "../build-entry.js";
import { type AppendResult, appendLocked, checkTenant, HeadBusy, lockHead } from "./append-ledger-entries.js";
import { catchUpSubjects } from "./index-subjects.js";

const PROCESS_TAG = randomBytes(6).toString("hex");
let counter = 0;

/**
 * Entries to record: built, or a function that builds them. A function lets the store choose when: on
 * SQLite it runs at the end of the group-commit batch, with the other transactions' (see
 * recordLedgerEntries).
 */
export type EntriesToRecord = readonly CanonicalEntry[] | (() => readonly CanonicalEntry[]);

interface BatchEntries {
  readonly tenantId: string;
  readonly entries: EntriesToRecord;
}

/**
 * The entries, built now if they came as a builder, and then checked against the tenant (built ones were
 * checked already).
 */
function built(tenantId: string, entries: EntriesToRecord): readonly CanonicalEntry[] {
  if (typeof entries !== "function") return entries;
  const ready = entries();
  checkTenant(tenantId, ready);
  return ready;
}

/**
 * Fewer entries of one tenant than this in a batch are queued rather than appended at its end. An append
 * has a fixed cost (read the head, four statements) that a busy batch shares among its entries; a small
 * batch means a quiet moment, when a message's latency matters more than the sequencer's later pass.
 */
export const APPEND_AT_COMMIT_MIN = 8;

/** Appends the entries of a group-committed SQLite batch, per tenant, just before the batch commits. */
const appendAtBatchEnd: BatchHook<BatchEntries> = {
  async flush(trx, items) {
    // Entries still to build are built here, one after another: warm, building costs about a fifth less
    // than in the middle of each message's other work.
    const byTenant = new Map<string, CanonicalEntry[]>();
    for (const { tenantId, entries } of items) {
      const ready = built(tenantId, entries);
      const list = byTenant.get(tenantId);
      if (list) list.push(...ready);
      else byTenant.set(tenantId, [...ready]);
    }
    for (const [tenantId, entries] of byTenant) {
      if (entries.length < APPEND_AT_COMMIT_MIN) {
        await queueLedgerEntries(trx, "sqlite", tenantId, entries);
        continue;
      }
      const head = await lockHead(trx, "sqlite", tenantId, entries[0]?.timeMs ?? Date.now());
      // Their subject rows are left to the sequencer, which writes a pass's worth in one statement.
      await appendLocked(trx, "sqlite", tenantId, head, entries, "later");
    }
  },
};

/**
 * Record entries in the transaction of the action they describe, the cheapest way the store allows — for
 * the customer-message path. Either way an action that committed has its entries and a rolled-back one
 * has none.
 * - SQLite: transactions are group-committed one after another on one connection (store/group-commit.ts),
 *   so nothing waits on a head lock. The entries are left for the end of the batch and written there,
 *   inside its COMMIT, together with every other transaction's in the batch: appended to the log in one
 *   multi-row append when the batch holds at least APPEND_AT_COMMIT_MIN of a tenant's entries (under
 *   load; they have their seq when the message is answered), queued in one multi-row insert otherwise (a
 *   quiet moment: the message does not wait for tree work; the sequencer appends them within 250 ms).
 *   An entry of a transaction that rolled back to its savepoint is dropped with it.
 * - PostgreSQL (and a handle outside a group-committed transaction): queued (queueLedgerEntries), so
 *   concurrent messages of a tenant never wait on its head lock; the sequencer appends them.
 *
 * `alongside` are the rows of the action itself (a message's messages and decision), inserted here, in
 * order, before the entries: on PostgreSQL the queue rows go in the same statement as them
 * (insertRowsTogether), so an entry costs no round trip of its own.
 *
 * `entries` may be a function that builds them. On SQLite it is called at the end of the batch, so a
 * throw there (an invalid entry: a bug in the caller, as every field the message path puts in an entry is
 * an id it generated, a code or a number) fails every transaction of the batch, as a failed write would;
 * callers that cannot rule that out pass built entries, whose validation fails their own transaction.
 */
export async function recordLedgerEntries(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  entries: EntriesToRecord,
  alongside: readonly RowGroup[] = [],
): Promise<void> {
  if (typeof entries !== "function") {
    // Checked here, so a wrong tenant fails this transaction only, even when the write is deferred.
    checkTenant(tenantId, entries);
    if (entries.length === 0) return insertRowsTogether(trx, dialect, alongside);
  }
  if (dialect === "sqlite" && deferToBatchEnd(trx, appendAtBatchEnd, { tenantId, entries })) {
    return insertRowsTogether(trx, dialect, alongside);
  }
  const ready = built(tenantId, entries);
  await insertRowsTogether(trx, dialect, [
    ...alongside,
    { table: "ledger_pending", rows: pendingRows(tenantId, ready) },
  ]);
}

/**
 * Queue entries in the transaction of the action they describe (recordLedgerEntries does, on PostgreSQL):
 * one row insert per call, no lock, no tree work. The queued rows commit or roll back with the action —
 * an action that committed has its entries, a rolled-back one has none — and the sequencer
 * (sequenceLedger, run by `serve` every quarter second and before every checkpoint) then appends them to
 * the tenant's log in batches, in queue order, under the head lock. Until then an entry has no seq and no
 * checkpoint covers it; checkpoints, proofs and exports only ever cover sequenced entries.
 *
 * Entries are queued as their canonical text (the builders write it at once); the sequencer parses,
 * validates and canonicalises what it reads back before appending, so a queue row that was changed in the
 * database cannot enter the log unchecked.
 */
export async function queueLedgerEntries(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  entries: readonly CanonicalEntry[],
): Promise<void> {
  checkTenant(tenantId, entries);
  // insertRows splits the rows into statements of at most 64.
  await insertRows(trx, dialect, "ledger_pending", pendingRows(tenantId, entries));
}

/** The queue rows of entries (see queueLedgerEntries). */
function pendingRows(tenantId: string, entries: readonly CanonicalEntry[]): LedgerPendingTable[] {
  return entries.map((e) => {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    // Time first, then process and counter: the queue order is time order, ties broken stably.
    return {
      tenant_id: tenantId,
      queued_at: e.timeMs,
      pending_id: `${PROCESS_TAG}${counter.toString(36).padStart(11, "0")}`,
      entry: e.text,
    };
  });
}

/** What one sequencing pass did for a tenant. */
export interface SequenceResult {
  /** Entries moved from the queue into the log. */
  readonly sequenced: number;
  /** Entries appended earlier without their subject rows that now have them (index-subjects.ts). */
  readonly indexed: number;
  /** The tree size afterwards (undefined when another process was sequencing this tenant). */
  readonly treeSize: number | undefined;
}

/**
 * Bring a tenant's log up to date, under the head lock: while more than SUBJECTS_PER_TRANSACTION entries
 * lack their subject rows (index-subjects.ts), write that many per transaction; then take up to `batch`
 * queued entries in queue order, append them (entries, subjects — the backlog's first — subtrees, head)
 * and delete them from the queue, in one transaction; repeat until both are done. With `skipIfBusy` (the background
 * job), a tenant whose head another process holds is left to that process.
 */
export async function sequenceLedger(
  deps: { readonly store: Store },
  tenantId: string,
  opts: { readonly batch?: number; readonly skipIfBusy?: boolean } = {},
): Promise<SequenceResult> {
  const store = deps.store;
  const batch = opts.batch ?? 1000;
  let sequenced = 0;
  let indexed = 0;
  let treeSize: number | undefined;
  for (;;) {
    let result: (AppendResult & { count: number; indexed: number; more: boolean }) | undefined;
    try {
      result = await store.transaction(async (trx) => {
        const head = await lockHead(trx, store.dialect, tenantId, Date.now(), {
          skipLocked: opts.skipIfBusy === true,
        });
        const behind = head.size - head.subjectsTo;
        if (behind > SUBJECTS_PER_TRANSACTION) {
          // A long backlog of entries without subject rows: a bounded part of it per transaction first.
          await catchUpSubjects(
            trx,
            store.dialect,
            tenantId,
            head,
            head.subjectsTo + SUBJECTS_PER_TRANSACTION,
          );
          const unchanged = { firstSeq: head.size, treeSize: head.size };
          return { ...unchanged, indexed: SUBJECTS_PER_TRANSACTION, count: 0, more: true };
        }
        const rows = await trx
          .selectFrom("ledger_pending")
          .select(["queued_at", "pending_id", "entry"])
          .where("tenant_id", "=", tenantId)
          .orderBy("queued_at")
          .orderBy("pending_id")
          .limit(batch)
          .execute();
        // Read as a verifier reads an entry: a queue row changed in the database cannot enter the log.
        const entries = rows.map((r) => readEntry(r.entry));
        // An append writes the rows the backlog lacks with its own, under one head update; with nothing
        // to append, the backlog's rows are written alone.
        if (entries.length === 0) await catchUpSubjects(trx, store.dialect, tenantId, head, head.size);
        const appended = await appendLocked(trx, store.dialect, tenantId, head, entries);
        if (rows.length > 0) {
          // The queued_at range lets the key's prefix narrow the search to these rows; the id list alone
          // made SQLite scan the tenant's whole queue once per id. Not a range delete: on PostgreSQL a
          // transaction with an earlier queued_at can commit after the read above, and its row must stay.
          await trx
            .deleteFrom("ledger_pending")
            .where("tenant_id", "=", tenantId)
            .where("queued_at", ">=", rows[0]?.queued_at ?? 0)
            .where("queued_at", "<=", rows[rows.length - 1]?.queued_at ?? 0)
            .where(
              "pending_id",
              "in",
              rows.map((r) => r.pending_id),
            )
            .execute();
        }
        return { ...appended, indexed: behind, count: rows.length, more: rows.length === batch };
      });
    } catch (err) {
      if (err instanceof HeadBusy) return { sequenced, indexed, treeSize: undefined };
      throw err;
    }
    sequenced += result.count;
    indexed += result.indexed;
    treeSize = result.treeSize;
    if (!result.more) return { sequenced, indexed, treeSize };
  }
}

/**
 * Entries whose subject rows one sequencing transaction writes at most: about 3 ms of SQLite's time
 * (decision entries name three ids; 200 took 1.1 ms), so that a long backlog (a process that appended at
 * batch ends and stopped before its sequencer caught up) never holds the store for long. A pass of `serve`
 * at 1,250 messages/s finds about 300.
 */
export const SUBJECTS_PER_TRANSACTION = 512;

/** Per-tenant outcome of a sequencing pass over every tenant with queued entries. */
export type SequenceAllResult =
  | { readonly tenantId: string; readonly ok: true; readonly sequenced: number }
  | { readonly tenantId: string; readonly ok: false; readonly error: string };

/**
 * Sequence every tenant that has queued entries or entries without their subject rows; one result per
 * tenant, never stopping halfway.
 */
export async function sequenceAllLedgers(
  deps: { readonly store: Store },
  opts: { readonly skipIfBusy?: boolean; readonly batch?: number } = {},
): Promise<SequenceAllResult[]> {
  const db = deps.store.db;
  const tenants = await db
    .selectFrom("ledger_pending")
    .select("tenant_id")
    .union(db.selectFrom("ledger_heads").select("tenant_id").whereRef("subjects_to", "<", "tree_size"))
    .execute();
  const results: SequenceAllResult[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    try {
      const r = await sequenceLedger(deps, tenantId, opts);
      results.push({ tenantId, ok: true, sequenced: r.sequenced });
    } catch (err) {
      results.push({ tenantId, ok: false, error: (err as Error).message });
    }
  }
  return results;
}
