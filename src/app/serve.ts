import type { FastifyInstance } from "fastify";
import { settleOutcomes } from "../conversations/index.js";
import { governanceJob } from "../governance/index.js";
import { buildServer } from "../http/build-server.js";
import { Metrics } from "../http/metrics.js";
import { listenForMetrics } from "../http/metrics-listener.js";
import { ledgerJobs, sequenceQueuedEntries } from "./ledger-jobs.js";
import type { Runtime } from "./open-runtime.js";
import { type JobLogger, type ScheduledJobs, scheduleJobs } from "./schedule-jobs.js";

/** A process's running parts; `stop` drains them in order and closes the store. */
export interface Running {
  /** The unauthenticated metrics listener's address (VOUCH_METRICS_PORT), if any. */
  readonly metricsUrl: string | undefined;
  stop(): Promise<void>;
}

export interface Serving extends Running {
  readonly app: FastifyInstance;
  readonly url: string;
}

/**
 * Serve the API and, unless VOUCH_JOBS=off (several API processes share one worker), run the background
 * jobs. `stop` stops accepting requests, finishes the ones in flight, lets a job run in progress finish,
 * sequences the ledger queue and closes the store, so nothing accepted is lost on a deploy.
 */
export async function serve(rt: Runtime, opts: { port?: number; host?: string } = {}): Promise<Serving> {
  const metrics = processMetrics(rt);
  let app: FastifyInstance | undefined;
  try {
    app = await buildServer(rt.deps, {
      logLevel: rt.config.logLevel,
      bodyLimit: rt.config.bodyLimit,
      ...rt.config.guard,
      metrics,
    });
    const address = await app.listen({
      port: opts.port ?? rt.config.port,
      host: opts.host ?? rt.config.host,
    });
    const background = await startBackground(rt, metrics, app.log, rt.config.jobs);
    const server = app;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= server.close().finally(() => background.stop());
      return stopping;
    };
    return { app, url: rt.config.publicUrl ?? address, metricsUrl: background.metricsUrl, stop };
  } catch (err) {
    // A process that could not start (a port in use) still lets go of the store, so that it exits.
    await app?.close();
    await rt.close();
    throw err;
  }
}

/**
 * `vouch worker`: the background jobs without the API, for deployments whose API processes run with
 * VOUCH_JOBS=off. It runs until `stop`, which lets the job runs in progress finish, sequences the ledger
 * queue and closes the store.
 */
export async function work(rt: Runtime, log: JobLogger): Promise<Running> {
  try {
    return await startBackground(rt, processMetrics(rt), log, true);
  } catch (err) {
    await rt.close();
    throw err;
  }
}

/** The metrics of a serving process: the store's values, the embedded store's WAL and the process's own. */
const processMetrics = (rt: Runtime): Metrics =>
  new Metrics({ store: rt.deps.store, sqliteFile: rt.sqliteFile, processMetrics: true });

/** What `serve` and `worker` run beside the API: the metrics listener, if configured, and the jobs. */
async function startBackground(
  rt: Runtime,
  metrics: Metrics,
  log: JobLogger,
  runJobs: boolean,
): Promise<Running> {
  const listener =
    rt.config.metricsPort === undefined
      ? undefined
      : await listenForMetrics(metrics, { port: rt.config.metricsPort, host: rt.config.host });
  const jobs = runJobs ? startJobs(rt, log, metrics) : undefined;
  return {
    metricsUrl: listener?.url,
    stop: async () => {
      try {
        await jobs?.stop();
        await listener?.close();
        // The last actions' ledger entries get their place now rather than at the next start.
        if (jobs) {
          const { sequenced } = await sequenceQueuedEntries(rt.deps, log);
          log.info({ sequenced }, "ledger queue sequenced at stop");
        }
      } finally {
        await rt.close();
      }
    },
  };
}

/** The background jobs of one process: outcomes, the ledger's sequencer and checkpoints, governance. */
function startJobs(rt: Runtime, log: JobLogger, metrics: Metrics): ScheduledJobs {
  return scheduleJobs(
    [
      {
        name: "outcomes",
        intervalMs: rt.config.jobIntervalMs,
        run: async () => {
          const r = await settleOutcomes(rt.deps);
          if (r.resolved + r.durable + r.abandoned + r.ineligible + r.failed > 0)
            log.info({ outcomes: r }, "outcomes settled");
          return r.failed === 0;
        },
      },
      ...ledgerJobs(rt.deps, rt.config.checkpointIntervalMs, log),
      {
        name: "governance",
        intervalMs: rt.config.retentionIntervalMs,
        run: governanceJob(rt.deps, rt.config, log),
      },
    ],
    log,
    metrics.jobRan,
  );
}
