import { stat } from "node:fs/promises";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { countOpenHandoffs } from "../inbox/index.js";
import { countLedgerEntries } from "../ledger/index.js";
import type { Store } from "../store/index.js";

export interface MetricsOptions {
  readonly store: Store;
  /** The embedded store's file, whose write-ahead log's size is reported; undefined on PostgreSQL. */
  readonly sqliteFile?: string | undefined;
  /**
   * Also report the process's own metrics (CPU, memory, event loop, GC, handles). Once per process: each
   * collection keeps an event-loop monitor running for the life of the process.
   */
  readonly processMetrics?: boolean;
}

// Request latencies on the message path are a few milliseconds; the default buckets start at 5 ms.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One process's Prometheus metrics, in a registry of its own (never prom-client's global one, so two
 * servers in one process, as in tests, count separately). Every label has a bounded set of values: route
 * patterns, not URLs; no tenant label. Store-backed values (handoffs, ledger size) and the WAL size are
 * read at scrape time with bounded queries.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<"method" | "route" | "status">;
  private readonly decisions: Counter<"action" | "reason">;
  private readonly jobRuns: Counter<"job">;
  private readonly jobFailures: Counter<"job">;
  private readonly jobLastSuccess: Gauge<"job">;

  constructor(opts: MetricsOptions) {
    const registers = [this.registry];
    this.requests = new Histogram({
      name: "vouch_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status, and their latency (_count is the number of requests)",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.decisions = new Counter({
      name: "vouch_decisions_total",
      help: "Agent decisions by action (answer, escalate) and reason; idempotent replays are not counted again",
      labelNames: ["action", "reason"],
      registers,
    });
    this.jobRuns = new Counter({
      name: "vouch_job_runs_total",
      help: "Background job runs, by job",
      labelNames: ["job"],
      registers,
    });
    this.jobFailures = new Counter({
      name: "vouch_job_failures_total",
      help: "Background job runs that failed in whole or in part (see the error log), by job",
      labelNames: ["job"],
      registers,
    });
    this.jobLastSuccess = new Gauge({
      name: "vouch_job_last_success_timestamp_seconds",
      help: "When each job last ran without a failure (Unix time)",
      labelNames: ["job"],
      registers,
    });
    const deps = { store: opts.store };
    new Gauge({
      name: "vouch_handoffs_open",
      help: "Handoffs not yet resolved, by status (open: waiting for a person; claimed: in progress)",
      labelNames: ["status"],
      registers,
      async collect() {
        const c = await countOpenHandoffs(deps);
        this.set({ status: "open" }, c.open);
        this.set({ status: "claimed" }, c.claimed);
      },
    });
    new Gauge({
      name: "vouch_ledger_entries",
      help: "Entries in the decision ledger, all tenants together",
      registers,
      async collect() {
        this.set((await countLedgerEntries(deps)).entries);
      },
    });
    new Gauge({
      name: "vouch_ledger_queued_entries",
      help: "Ledger entries recorded but not yet sequenced into their tenant's log",
      registers,
      async collect() {
        this.set((await countLedgerEntries(deps)).queued);
      },
    });
    const walFile = opts.sqliteFile && `${opts.sqliteFile}-wal`;
    if (walFile) {
      new Gauge({
        name: "vouch_sqlite_wal_bytes",
        help: "Size of the embedded store's write-ahead log",
        registers,
        async collect() {
          this.set(await stat(walFile).then((s) => s.size, absentIsEmpty));
        },
      });
    }
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered HTTP request; `route` is the matched route's pattern. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  /** One decision the agent made (not a replay of a stored response). */
  countDecision(action: string, reason: string): void {
    this.decisions.inc({ action, reason });
  }

  /** One run of a background job (a JobRunObserver). */
  readonly jobRan = (job: string, ok: boolean): void => {
    this.jobRuns.inc({ job });
    // A job's failure count is reported from its first run on, at 0 while it has not failed.
    this.jobFailures.inc({ job }, ok ? 0 : 1);
    if (ok) this.jobLastSuccess.set({ job }, Date.now() / 1000);
  };

  /** The exposition: every metric in Prometheus's text format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

// Between two checkpoints that truncate it, SQLite may have removed the log; no file is an empty log.
const absentIsEmpty = (err: NodeJS.ErrnoException): number => {
  if (err.code === "ENOENT") return 0;
  throw err;
};
