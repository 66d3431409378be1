import { type LedgerDeps, publishDueCheckpoints, sequenceAllLedgers } from "../ledger/index.js";

/** The part of a pino logger the jobs use. */
interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How often queued ledger entries are given their place in the log: the lag before an entry has a seq. */
export const SEQUENCE_INTERVAL_MS = 250;

/**
 * The ledger's background work in one process: every SEQUENCE_INTERVAL_MS, move queued entries into their
 * tenants' logs (queueLedgerEntries → sequenceLedger); every `checkpointIntervalMs`
 * (VOUCH_CHECKPOINT_INTERVAL_MS, default 60 s), sign a checkpoint of every log that grew. Several processes
 * may run them: a head another process is sequencing is skipped, and a size is signed once (the first
 * insert wins). Returns stop.
 */
export function startLedgerJobs(deps: LedgerDeps, checkpointIntervalMs: number, log: Log): () => void {
  const every = (ms: number, work: () => Promise<void>, what: string) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await work();
      } catch (err) {
        log.error({ err }, `ledger ${what} failed`);
      } finally {
        running = false;
      }
    };
    const timer = setInterval(tick, ms);
    timer.unref();
    void tick();
    return () => clearInterval(timer);
  };
  const stopSequencing = every(SEQUENCE_INTERVAL_MS, () => sequenceQueuedEntries(deps, log), "sequencing");
  const stopCheckpoints = deps.ledgerKeys
    ? every(
        checkpointIntervalMs,
        async () => {
          const results = await publishDueCheckpoints(deps);
          const failed = results.filter((r) => !r.ok);
          if (results.length > failed.length) {
            log.info({ published: results.length - failed.length }, "ledger checkpoints published");
          }
          if (failed.length > 0) log.error({ failed }, "ledger checkpoints failed");
        },
        "checkpoints",
      )
    : () => {};
  return () => {
    stopSequencing();
    stopCheckpoints();
  };
}

/**
 * One sequencing pass over every tenant with queued entries, failures logged: what the job runs every
 * SEQUENCE_INTERVAL_MS, and what `serve` runs once more on a clean stop so the last requests' entries get
 * their place now rather than at the next start (they are safe either way: the queue is durable).
 */
export async function sequenceQueuedEntries(deps: LedgerDeps, log: Log): Promise<void> {
  // Batches of 64 keep each sequencing transaction to a few milliseconds: on SQLite nothing else in the
  // process runs while it does, and the group commit lets messages in between two of them. (Batches of
  // 250 took 10–13 ms at 1,250 messages/s and set the event loop's p99 delay.)
  const failed = (await sequenceAllLedgers(deps, { skipIfBusy: true, batch: 64 })).filter((r) => !r.ok);
  if (failed.length > 0) log.error({ failed }, "ledger sequencing failed");
}
