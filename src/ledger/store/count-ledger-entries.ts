import type { Store } from "../../store/index.js";

/** How big the deployment's ledger is. */
interface LedgerCounts {
  /** Entries in every tenant's log (the sum of their tree sizes). */
  readonly entries: number;
  /** Entries recorded but not yet sequenced into a log (the sequencer's backlog). */
  readonly queued: number;
}

/** Count the ledger's entries and backlog (for /metrics): one row per tenant and the queue itself are read. */
export async function countLedgerEntries(deps: { readonly store: Store }): Promise<LedgerCounts> {
  const db = deps.store.db;
  const [heads, queue] = await Promise.all([
    db
      .selectFrom("ledger_heads")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>("tree_size"), eb.lit(0)).as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("ledger_pending")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { entries: Number(heads.n), queued: Number(queue.n) };
}
