import { randomBytes } from "node:crypto";
import { type Db, insertRows, type LedgerPendingTable, type Store } from "../../store/index.js";
import { readEntry } from "../entries/build-entry.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { type AppendResult, appendLocked, checkTenant, HeadBusy, lockHead } from "./append-ledger-entries.js";

const PROCESS_TAG = randomBytes(6).toString("hex");
let counter = 0;

/**
 * Queue entries in the transaction of the action they describe (recordDecision does, for a message):
 * one row insert per call, no lock, no tree work. The queued rows commit or roll back with the action —
 * an action that committed has its entries, a rolled-back one has none — and the sequencer
 * (sequenceLedger, run by `serve` every quarter second and before every checkpoint) then appends them to
 * the tenant's log in batches, in queue order, under the head lock. Until then an entry has no seq and no
 * checkpoint covers it; checkpoints, proofs and exports only ever cover sequenced entries.
 *
 * Entries are queued as their canonical text; the sequencer reads it back as a verifier reads an entry
 * (readEntry) before appending, so a queue row that was changed in the database cannot enter the log.
 */
export async function queueLedgerEntries(
  trx: Db,
  tenantId: string,
  entries: readonly CanonicalEntry[],
): Promise<void> {
  checkTenant(tenantId, entries);
  // insertRows splits the rows into statements of at most 64.
  await insertRows(trx, "ledger_pending", pendingRows(tenantId, entries));
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
interface SequenceResult {
  /** Entries moved from the queue into the log. */
  readonly sequenced: number;
  /** The tree size afterwards (undefined when another process was sequencing this tenant). */
  readonly treeSize: number | undefined;
}

/**
 * Bring a tenant's log up to date, under the head lock: take up to `batch` queued entries in queue order,
 * append them (entries, subject rows, subtrees, head) and delete them from the queue, in one transaction;
 * repeat until the queue is empty. With `skipIfBusy` (the background job), a tenant whose head another
 * process holds is left to that process.
 */
export async function sequenceLedger(
  deps: { readonly store: Store },
  tenantId: string,
  opts: { readonly batch?: number; readonly skipIfBusy?: boolean } = {},
): Promise<SequenceResult> {
  const store = deps.store;
  const batch = opts.batch ?? 1000;
  let sequenced = 0;
  for (;;) {
    let result: (AppendResult & { count: number }) | undefined;
    try {
      result = await store.transaction(async (trx) => {
        const head = await lockHead(trx, tenantId, Date.now(), {
          skipLocked: opts.skipIfBusy === true,
        });
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
        const appended = await appendLocked(trx, tenantId, head, entries);
        if (rows.length > 0) {
          // The queued_at range lets the key's prefix narrow the search to these rows. Not a range delete:
          // on PostgreSQL a transaction with an earlier queued_at can commit after the read above, and its
          // row must stay.
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
        return { ...appended, count: rows.length };
      });
    } catch (err) {
      if (err instanceof HeadBusy) return { sequenced, treeSize: undefined };
      throw err;
    }
    sequenced += result.count;
    if (result.count < batch) return { sequenced, treeSize: result.treeSize };
  }
}

/** Per-tenant outcome of a sequencing pass over every tenant with queued entries. */
type SequenceAllResult =
  | { readonly tenantId: string; readonly ok: true; readonly sequenced: number }
  | { readonly tenantId: string; readonly ok: false; readonly error: string };

/** Sequence every tenant that has queued entries; one result per tenant, never stopping halfway. */
export async function sequenceAllLedgers(
  deps: { readonly store: Store },
  opts: { readonly skipIfBusy?: boolean; readonly batch?: number } = {},
): Promise<SequenceAllResult[]> {
  const tenants = await deps.store.db.selectFrom("ledger_pending").select("tenant_id").distinct().execute();
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
