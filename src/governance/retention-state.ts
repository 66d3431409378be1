import { type Db, forUpdate, type RetentionStateTable, type Store } from "../store/index.js";
import { countsFrom, type RetentionCounts } from "./retention-policy.js";

/** A run whose changes are in the tenant's ledger. */
export interface RecordedRun {
  /** When the entry was written. */
  readonly at: number;
  /** When the first change it counts was committed (an interrupted run's changes are recorded by the next). */
  readonly since: number;
  readonly counts: RetentionCounts;
}

/** How far retention has been applied for a tenant. */
interface RetentionState {
  readonly conversationsThrough: number | null;
  readonly personalThrough: number | null;
  /** Changes committed and not yet recorded in the ledger. */
  readonly pending: { readonly since: number; readonly counts: RetentionCounts } | null;
  readonly lastRunAt: number | null;
  readonly lastRecorded: RecordedRun | null;
}

const EMPTY_STATE: RetentionState = Object.freeze({
  conversationsThrough: null,
  personalThrough: null,
  pending: null,
  lastRunAt: null,
  lastRecorded: null,
});

function toRetentionState(row: RetentionStateTable | undefined): RetentionState {
  if (!row) return EMPTY_STATE;
  const recorded = row.last_result ? (JSON.parse(row.last_result) as Partial<RecordedRun>) : undefined;
  return {
    conversationsThrough: row.conversations_through,
    personalThrough: row.personal_through,
    pending:
      row.pending !== null && row.pending_since !== null
        ? { since: row.pending_since, counts: countsFrom(JSON.parse(row.pending)) }
        : null,
    lastRunAt: row.last_run_at,
    lastRecorded:
      recorded && typeof recorded.at === "number" && typeof recorded.since === "number"
        ? { at: recorded.at, since: recorded.since, counts: countsFrom(recorded.counts) }
        : null,
  };
}

export async function readRetentionState(
  store: Pick<Store, "db">,
  tenantId: string,
): Promise<RetentionState> {
  const row = await store.db
    .selectFrom("retention_state")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return toRetentionState(row);
}

/**
 * The tenant's state row, created if missing, locked for the rest of the transaction (a row lock on
 * PostgreSQL; SQLite's write lock is already held), so concurrent runs for one tenant — two workers, the
 * job and the CLI — take turns batch by batch and never count a change twice.
 */
export async function lockRetentionState(
  trx: Db,
  tenantId: string,
  now: number,
): Promise<RetentionStateTable> {
  await trx
    .insertInto("retention_state")
    .values({
      tenant_id: tenantId,
      conversations_through: null,
      personal_through: null,
      pending: null,
      pending_since: null,
      last_run_at: null,
      last_result: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("tenant_id").doNothing())
    .execute();
  return forUpdate(
    trx,
    trx.selectFrom("retention_state").selectAll().where("tenant_id", "=", tenantId),
  ).executeTakeFirstOrThrow();
}

export async function saveRetentionState(trx: Db, row: RetentionStateTable): Promise<void> {
  const { tenant_id, ...rest } = row;
  await trx.updateTable("retention_state").set(rest).where("tenant_id", "=", tenant_id).execute();
}
