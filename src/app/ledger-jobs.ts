import { type LedgerDeps, publishDueCheckpoints, sequenceAllLedgers } from "../ledger/index.js";
import type { Job, JobLogger } from "./schedule-jobs.js";

/** How often queued ledger entries are given their place in the log: the lag before an entry has a seq. */
export const SEQUENCE_INTERVAL_MS = 250;

/**
 * The ledger's background jobs: every SEQUENCE_INTERVAL_MS, move queued entries into their tenants' logs
 * (queueLedgerEntries → sequenceLedger); every `checkpointIntervalMs` (VOUCH_CHECKPOINT_INTERVAL_MS,
 * default 60 s), sign a checkpoint of every log that grew (only with a signing key). Several processes may
 * run them: a head another process is sequencing is skipped, and a size is signed once (the first insert
 * wins).
 */
export function ledgerJobs(deps: LedgerDeps, checkpointIntervalMs: number, log: JobLogger): Job[] {
  const jobs: Job[] = [
    {
      name: "ledger-sequencing",
      intervalMs: SEQUENCE_INTERVAL_MS,
      run: async () => (await sequenceQueuedEntries(deps, log)).failed === 0,
    },
  ];
  if (deps.ledgerKeys) {
    jobs.push({
      name: "ledger-checkpoints",
      intervalMs: checkpointIntervalMs,
      run: async () => {
        const results = await publishDueCheckpoints(deps);
        const failed = results.filter((r) => !r.ok);
        if (results.length > failed.length) {
          log.info({ published: results.length - failed.length }, "ledger checkpoints published");
        }
        if (failed.length > 0) log.error({ failed }, "ledger checkpoints failed");
        return failed.length === 0;
      },
    });
  }
  return jobs;
}

/**
 * One sequencing pass over every tenant with queued entries, failures logged: what the job runs every
 * SEQUENCE_INTERVAL_MS, and what `serve` and `worker` run once more on a clean stop so the last entries get
 * their place now rather than at the next start (they are safe either way: the queue is durable).
 */
export async function sequenceQueuedEntries(
  deps: LedgerDeps,
  log: JobLogger,
): Promise<{ sequenced: number; failed: number }> {
  // Batches of 64 keep each sequencing transaction to a few milliseconds: on SQLite nothing else in the
  // process runs while it does, and the group commit lets messages in between two of them.
  const results = await sequenceAllLedgers(deps, { skipIfBusy: true, batch: 64 });
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) log.error({ failed }, "ledger sequencing failed");
  return { sequenced: results.reduce((n, r) => n + (r.ok ? r.sequenced : 0), 0), failed: failed.length };
}
