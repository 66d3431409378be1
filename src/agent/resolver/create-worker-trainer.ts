/**
 * Training off the event loop: a trainer that runs trainResolverState in a worker thread and restores
 * the returned state into a model on the calling thread.
 */

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ERROR_CATALOGUE, type ErrorCode, VouchError } from "../../shared/errors.js";
import { restoreResolver } from "./restore-resolver.js";
import { type ResolverOptions, trainResolver } from "./train-resolver.js";
import type { TrainJob, TrainReply } from "./train-worker.js";
import type { ResolverModel, TrainingExample } from "./types.js";

/** Trains resolvers without blocking the caller's event loop (see {@link createWorkerTrainer}). */
interface WorkerTrainer {
  /** Trains on the examples; resolves with the model, rejects with the training error. */
  train(examples: readonly TrainingExample[], options?: ResolverOptions): Promise<ResolverModel>;
  /** Stops the worker; jobs still queued reject. Later calls to train reject too. */
  close(): Promise<void>;
  /** True when training runs on the calling thread (no compiled worker script; see createWorkerTrainer). */
  readonly inThread: boolean;
}

interface Pending {
  readonly job: TrainJob;
  resolve(model: ResolverModel): void;
  reject(err: Error): void;
}

/**
 * A trainer backed by one worker thread, started on the first job and shared by all jobs, which run
 * one at a time in arrival order. The worker is unref'd while idle, so it never keeps the process
 * alive; while a job runs it is ref'd, so a caller awaiting a model is not cut short by an otherwise
 * idle process. A crashed worker fails the jobs it held and is replaced on the next job.
 *
 * The worker script is the compiled `train-worker.js` next to this module (dist/agent/resolver/ after
 * `npm run build`). When this module runs from TypeScript sources (under vitest, where the file is
 * `create-worker-trainer.ts` and Node 20 cannot start a worker from a .ts file) or the script is
 * missing, training falls back to the calling thread: same results, still a promise, but the event loop
 * is blocked while it runs; `inThread` says which mode is in use.
 */
export function createWorkerTrainer(): WorkerTrainer {
  const script = new URL("./train-worker.js", import.meta.url);
  const compiled = !import.meta.url.endsWith(".ts") && existsSync(fileURLToPath(script));
  return compiled ? threadTrainer(script) : inThreadTrainer();
}

function inThreadTrainer(): WorkerTrainer {
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    inThread: true,
    train(examples, options) {
      if (closed) return Promise.reject(closedError());
      const run = queue.then(() => {
        if (closed) throw closedError();
        return trainResolver(examples, options);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
    },
  };
}

function threadTrainer(script: URL): WorkerTrainer {
  let worker: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const queue: Pending[] = [];
  let running: Pending | undefined;

  const failAll = (err: Error): void => {
    const jobs = running ? [running, ...queue] : [...queue];
    running = undefined;
    queue.length = 0;
    for (const p of jobs) p.reject(err);
  };

  const start = (): Worker => {
    const w = spawnWorker(script);
    w.unref();
    w.on("message", (reply: TrainReply) => {
      const job = running;
      if (!job || job.job.id !== reply.id) return;
      running = undefined;
      if ("state" in reply) {
        try {
          job.resolve(restoreResolver(reply.state));
        } catch (err) {
          job.reject(err instanceof Error ? err : new Error(String(err)));
        }
      } else job.reject(toError(reply.error));
      pump();
    });
    w.on("error", (err) => {
      if (worker === w) worker = undefined;
      failAll(new VouchError("INTERNAL", `resolver training worker failed: ${err.message}`));
    });
    w.on("exit", (code) => {
      if (worker === w) worker = undefined;
      if (!closed && (running || queue.length > 0)) {
        failAll(new VouchError("INTERNAL", `resolver training worker exited with code ${code}`));
      }
    });
    return w;
  };

  const pump = (): void => {
    if (running || closed) return;
    const next = queue.shift();
    if (!next) {
      worker?.unref();
      return;
    }
    try {
      worker ??= start();
    } catch (err) {
      next.reject(new VouchError("INTERNAL", `cannot start the resolver training worker: ${String(err)}`));
      pump();
      return;
    }
    worker.ref();
    running = next;
    try {
      worker.postMessage(next.job);
    } catch (err) {
      // Examples that cannot be cloned (not plain data) fail their own job only.
      running = undefined;
      next.reject(
        new VouchError("VALIDATION_FAILED", `cannot send training examples to the worker: ${String(err)}`),
      );
      pump();
    }
  };

  return {
    inThread: false,
    train(examples, options) {
      if (closed) return Promise.reject(closedError());
      return new Promise<ResolverModel>((resolve, reject) => {
        const job: TrainJob =
          options === undefined ? { id: nextId++, examples } : { id: nextId++, examples, options };
        queue.push({ job, resolve, reject });
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      failAll(closedError());
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/**
 * Starts the worker with the parent's Node options, except when they describe the parent's own entry
 * script (`node --input-type=module -e …` would make every worker fail to start). Options given
 * explicitly are checked more strictly than inherited ones (V8 flags such as --expose-gc are refused),
 * so when the filtered list is refused the worker starts with none.
 */
function spawnWorker(script: URL): Worker {
  const execArgv = workerExecArgv(process.execArgv);
  if (execArgv.length === process.execArgv.length) return new Worker(script);
  try {
    return new Worker(script, { execArgv });
  } catch (err) {
    if ((err as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
    return new Worker(script, { execArgv: [] });
  }
}

/** The parent's Node options minus those that describe its own entry script (`-e`, `-p`, `--input-type`). */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (["-e", "--eval", "-p", "--print", "--input-type"].includes(a)) {
      i++;
      continue;
    }
    if (/^(--eval|--print|--input-type)=/.test(a)) continue;
    out.push(a);
  }
  return out;
}

function closedError(): VouchError {
  return new VouchError("INTERNAL", "the resolver trainer is closed");
}

function toError(e: { readonly code?: string; readonly message: string }): Error {
  return e.code !== undefined && e.code in ERROR_CATALOGUE
    ? new VouchError(e.code as ErrorCode, e.message)
    : new Error(e.message);
}
