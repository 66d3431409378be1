import type { FastifyInstance } from "fastify";
import { settleOutcomes } from "../conversations/index.js";
import { startGovernanceJobs } from "../governance/index.js";
import { buildServer } from "../http/build-server.js";
import { sequenceQueuedEntries, startLedgerJobs } from "./ledger-jobs.js";
import type { Runtime } from "./open-runtime.js";

export interface Serving {
  readonly app: FastifyInstance;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serve the API and, unless VOUCH_JOBS=off (several API processes share one worker), run the outcome
 * job on an interval. SIGINT/SIGTERM stop accepting requests, finish the ones in flight, then close the
 * store, so nothing accepted is lost on a deploy.
 */
export async function serve(rt: Runtime, opts: { port?: number; host?: string } = {}): Promise<Serving> {
  const app = await buildServer(rt.deps, {
    logLevel: rt.config.logLevel,
    bodyLimit: rt.config.bodyLimit,
    ...rt.config.guard,
  });
  const address = await app.listen({ port: opts.port ?? rt.config.port, host: opts.host ?? rt.config.host });
  const stopJobs = rt.config.jobs ? startJobs(rt, app.log) : () => {};
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      stopJobs();
      await app.close();
      // The last requests' ledger entries get their place now (sequenceQueuedEntries).
      if (rt.config.jobs) {
        await sequenceQueuedEntries(rt.deps, app.log).catch((err: unknown) =>
          app.log.error({ err }, "ledger sequencing at shutdown failed"),
        );
      }
      await rt.close();
    })();
    return stopping;
  };
  return { app, url: rt.config.publicUrl ?? address, stop };
}

/** The part of a pino logger the jobs use. */
export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The background jobs of one process: outcomes now; later issues add more here. */
export function startJobs(rt: Runtime, log: JobLogger): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await settleOutcomes(rt.deps);
      if (r.resolved + r.durable + r.abandoned + r.ineligible + r.failed > 0)
        log.info({ outcomes: r }, "outcomes settled");
    } catch (err) {
      log.error({ err }, "outcome job failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, rt.config.jobIntervalMs);
  timer.unref();
  void tick();
  const stopLedger = startLedgerJobs(rt.deps, rt.config.checkpointIntervalMs, log);
  const stopGovernance = startGovernanceJobs(rt.deps, rt.config, log);
  return () => {
    clearInterval(timer);
    stopLedger();
    stopGovernance();
  };
}
