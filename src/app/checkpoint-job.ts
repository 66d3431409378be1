import { type LedgerDeps, publishDueCheckpoints } from "../ledger/index.js";

/** The part of a pino logger the job uses. */
interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Publish a signed checkpoint of every tenant log that grew, every `intervalMs` (VOUCH_CHECKPOINT_INTERVAL_MS,
 * default 60 s). Several processes may run it: a size is signed once (the first insert wins). Returns stop.
 */
export function startCheckpointJob(deps: LedgerDeps, intervalMs: number, log: Log): () => void {
  if (!deps.ledgerKeys) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const results = await publishDueCheckpoints(deps);
      const failed = results.filter((r) => !r.ok);
      if (results.length > 0)
        log.info({ published: results.length - failed.length }, "ledger checkpoints published");
      if (failed.length > 0) log.error({ failed }, "ledger checkpoints failed");
    } catch (err) {
      log.error({ err }, "ledger checkpoint job failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
