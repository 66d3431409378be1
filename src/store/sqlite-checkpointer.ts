import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SqliteDatabase from "better-sqlite3";

/**
 * How the embedded store keeps its write-ahead log bounded without making requests pay for checkpoints.
 *
 * A checkpoint copies the log's pages into the database file and fsyncs it. Done inside a commit on the
 * event loop (SQLite's automatic checkpoint), it makes the request that happens to cross the threshold
 * wait for all of it. So a worker thread with its own connection runs PASSIVE checkpoints on an interval
 * (they never block writers) and a TRUNCATE checkpoint on stop, so the log does not outlive the process.
 *
 * Those alone cannot bound the log: it restarts from its beginning only when a write transaction starts
 * after a checkpoint has copied every frame, and under steady load a commit lands while each checkpoint
 * is still running. So the request connection checks the log's size after each transaction (walLimiter):
 * past the limit it checkpoints the log itself, between its own commits, so the next commit finds every
 * frame copied and restarts the log; journal_size_limit then cuts the file back to the limit. Little is
 * left to copy by then, the thread having copied the rest.
 */

/** Node's synchronous sleep: wait on a value nobody changes. */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** How long the request connection waits for another connection's checkpoint before trying later. */
const WAIT_FOR_CHECKPOINT_MS = 5000;

/**
 * The check the request connection runs after each transaction it committed: when the WAL file has grown
 * past `limitBytes`, checkpoint it now, waiting first for a checkpoint already under way in another
 * connection (SQLite runs one at a time and a PASSIVE checkpoint does not wait for it). The file passes
 * the limit by at most one batch of transactions, except while a reader in another connection holds a
 * snapshot older than the log's end: no checkpoint may copy past it, so the log grows until it ends.
 * Returns an error rather than throwing it: the transactions it follows are committed whatever happens.
 */
export function walLimiter(raw: SqliteDatabase.Database, limitBytes: number): () => Error | undefined {
  const wal = `${raw.name}-wal`;
  // The file keeps its size after a checkpoint until the next commit restarts the log; one try per size.
  let triedAt = -1;
  return () => {
    const size = statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= limitBytes || size === triedAt || raw.inTransaction) return undefined;
    triedAt = size;
    const deadline = performance.now() + WAIT_FOR_CHECKPOINT_MS;
    try {
      for (;;) {
        const [r] = raw.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
        // -1: another connection's checkpoint holds the lock.
        if (r?.log !== -1 || performance.now() > deadline) return undefined;
        Atomics.wait(SLEEPER, 0, 0, 1);
      }
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
}

/*
 * The worker's code is inline (`eval`) so it runs the same from TypeScript sources under the test runner
 * and from the compiled package. Each pass is scheduled `intervalMs` after the previous one ended, so
 * the request connection's checkpoint never waits for more than one pass.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
// better-sqlite3's errors reach the parent as their own properties only: give it the message too.
const failWith = (e) => { throw new Error(e && e.code ? e.code + ": " + e.message : String(e)); };
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
} catch (e) {
  failWith(e);
}
let timer;
const pass = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (e) {
    db.close();
    failWith(e);
  }
  timer = setTimeout(pass, workerData.intervalMs);
};
timer = setTimeout(pass, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearTimeout(timer);
  parentPort.close();
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch (e) {
    failWith(e);
  } finally {
    db.close();
  }
});
`;

export interface CheckpointerOptions {
  /** Milliseconds between the end of one checkpoint and the start of the next. */
  readonly intervalMs: number;
  /**
   * Called at most once, when the thread has failed (it cannot open the database, a checkpoint failed,
   * it died) and checkpoints no more. It is not restarted: a failure that repeats would only repeat.
   */
  readonly onFailure: (error: Error) => void;
}

export interface Checkpointer {
  /** Truncate the WAL and end the thread; resolves once it has ended (at once if it already had). */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, opts: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: opts.intervalMs },
  });
  // The thread does not keep the process alive; stop() holds it until the final checkpoint is done.
  worker.unref();
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    opts.onFailure(error);
  };
  let stopping = false;
  // An uncaught error in the thread arrives as "error", then "exit" with a non-zero code.
  worker.on("error", (e) => fail(e instanceof Error ? e : new Error(String(e))));
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", (code) => {
      if (code !== 0 || !stopping) fail(new Error(`the WAL checkpoint thread exited with code ${code}`));
      resolve();
    });
  });
  return {
    stop: () => {
      if (!stopping) {
        stopping = true;
        worker.ref();
        worker.postMessage("stop");
      }
      return exited;
    },
  };
}
