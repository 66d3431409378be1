import { fixedStatement } from "./prepared-query.js";
import type { Db } from "./types.js";

const begin = fixedStatement("begin immediate");
const commit = fixedStatement("commit");
const rollback = fixedStatement("rollback");
const savepoint = fixedStatement("savepoint vouch_tx");
const release = fixedStatement("release vouch_tx");
const rollbackToSavepoint = fixedStatement("rollback to vouch_tx");

interface Job {
  readonly fn: (trx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * How long a batch may run before it commits and lets the event loop in (see GroupCommitter): long enough
 * to share a COMMIT among many transactions, short enough that replies and new requests are not held up.
 */
export const BATCH_BUDGET_MS = 10;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Group commit for the embedded store. SQLite has one writer at a time and each COMMIT appends every
 * page the transaction dirtied to the WAL; message ids grow with time, so concurrent messages dirty the
 * same right-most B-tree pages, and committing them together writes those pages once instead of once
 * per request. Transactions that arrive while a batch is running wait for the next batch. Inside a batch
 * every transaction runs in its own SAVEPOINT, one after another, so each is atomic on its own — a
 * failure rolls back only that one — and sees the effects of the ones before it, exactly as if they had
 * run serially. A caller's promise settles only after the COMMIT that made its work durable; if that
 * COMMIT fails, every transaction in the batch fails.
 *
 * better-sqlite3 is synchronous, so while batches run nothing else in the process does: no request is
 * read, no timer fires. A batch therefore stops taking transactions once it has run for `budgetMs` (or
 * holds `maxBatch`), commits, and yields to the event loop before the next one. Without the budget a
 * burst of queued messages ran as one long batch and every reply in it waited for the last one.
 *
 * A transaction must not start another transaction (it would wait for its own batch).
 */
export class GroupCommitter {
  private queue: Job[] = [];
  private draining = false;

  private readonly maxBatch: number;
  private readonly budgetMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    opts: {
      readonly maxBatch?: number;
      readonly budgetMs?: number;
      /** Milliseconds, for the budget (tests pass a fake clock). */
      readonly now?: () => number;
    } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 64;
    this.budgetMs = opts.budgetMs ?? BATCH_BUDGET_MS;
    this.now = opts.now ?? (() => performance.now());
  }

  run<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the requests already parsed in this turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.runBatch();
        // Replies of the batch go out, new requests are read and timers run before the next batch.
        if (this.queue.length > 0) await yieldToEventLoop();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Run queued transactions as one batch, within the budget, and commit it. */
  private async runBatch(): Promise<void> {
    const batch: Job[] = [];
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    try {
      await this.db.connection().execute(async (conn) => {
        await begin(conn);
        try {
          if (this.queue.length === 1) {
            // Alone: no savepoint needed, its failure is the batch's.
            const job = this.queue.shift() as Job;
            batch.push(job);
            settled.push({ job, ok: true, value: await job.fn(conn) });
          } else {
            const started = this.now();
            while (
              this.queue.length > 0 &&
              batch.length < this.maxBatch &&
              (batch.length === 0 || this.now() - started < this.budgetMs)
            ) {
              const job = this.queue.shift() as Job;
              batch.push(job);
              await savepoint(conn);
              try {
                const value = await job.fn(conn);
                await release(conn);
                settled.push({ job, ok: true, value });
              } catch (error) {
                await rollbackToSavepoint(conn);
                await release(conn);
                settled.push({ job, ok: false, value: error });
              }
            }
          }
          await commit(conn);
        } catch (error) {
          await rollback(conn).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      // The batch did not commit: nothing in it happened. A lone transaction gets its own error back.
      // When BEGIN itself failed (another process held the write lock past busy_timeout), the jobs that
      // would have made up the batch get its error, so a locked file fails requests instead of spinning.
      if (batch.length === 0) batch.push(...this.queue.splice(0, this.maxBatch));
      for (const job of batch) {
        const own = settled.find((s) => s.job === job);
        job.reject(own && !own.ok ? own.value : error);
      }
      return;
    }
    for (const s of settled) (s.ok ? s.job.resolve : s.job.reject)(s.value);
  }
}
