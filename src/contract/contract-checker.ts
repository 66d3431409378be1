import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { VouchError } from "../shared/errors.js";
import checkContractTask, { type ContractCheckReply } from "./check-contract-task.js";
import type { Problem } from "./contract-problem.js";
import type { ValidationView } from "./contract-views.js";
import { invalidContract } from "./store-contract.js";

/** Checks contract documents a client sent, off the caller's event loop (see createContractChecker). */
export interface ContractChecker {
  /** validateContract in a worker thread; rejects with CONTRACT_TOO_COMPLEX beyond the parser's bounds. */
  validate(document: string): Promise<ValidationView>;
  /** Resolves when the document is a valid contract; rejects with CONTRACT_INVALID or CONTRACT_TOO_COMPLEX. */
  assertValid(document: string): Promise<void>;
  /** Stops the worker thread, if one runs. */
  close(): Promise<void>;
  /** True when checks run on the calling thread (no compiled worker script, as under vitest). */
  readonly inThread: boolean;
}

interface ContractCheckerOptions {
  /** Longest a check may take, queueing included, before it is refused as CONTRACT_TOO_COMPLEX. */
  readonly budgetMs?: number;
}

/** Default of ContractCheckerOptions.budgetMs: far beyond what a document within YAML_LIMITS takes. */
const CONTRACT_CHECK_BUDGET_MS = 5000;

const WORKER_HEAP_MB = 256;

/**
 * The parser's limits (YAML_LIMITS) bound its work, yet reading a hostile document at those limits still
 * takes a few hundred milliseconds, which would stall every other request. So documents sent to the API
 * are checked on one worker thread (Piscina), started on first use and stopped after a minute idle, with
 * a hard budget per check: a check beyond it is aborted, its thread stopped, and the document refused.
 * Its heap is capped too, so a document cannot exhaust the process's memory.
 *
 * The worker script is the compiled `check-contract-task.js` beside this module. Under vitest, which runs
 * the TypeScript sources (Node 20 cannot start a worker from a .ts file), checks run on the calling
 * thread: same answers, no isolation.
 */
export function createContractChecker(opts: ContractCheckerOptions = {}): ContractChecker {
  const script = new URL("./check-contract-task.js", import.meta.url);
  const compiled = !import.meta.url.endsWith(".ts") && existsSync(fileURLToPath(script));
  const budgetMs = opts.budgetMs ?? CONTRACT_CHECK_BUDGET_MS;
  let pool: Piscina<string, ContractCheckReply> | undefined;

  const run = async (document: string): Promise<ContractCheckReply> => {
    if (!compiled) return checkContractTask(document);
    pool ??= new Piscina({
      filename: script.href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    try {
      return await pool.run(document, { signal: AbortSignal.timeout(budgetMs) });
    } catch (err) {
      const e = err as { name?: unknown; code?: unknown };
      if (e.name === "AbortError" || e.code === "ERR_WORKER_OUT_OF_MEMORY") {
        throw new VouchError(
          "CONTRACT_TOO_COMPLEX",
          `the document could not be checked within ${budgetMs} ms and ${WORKER_HEAP_MB} MB; a contract needs a few ms and far less`,
        );
      }
      throw err;
    }
  };

  const validate = async (document: string): Promise<ValidationView> => {
    const reply = await run(document);
    if ("error" in reply) throw new VouchError(reply.error.code, reply.error.message);
    return reply.view;
  };

  return {
    inThread: !compiled,
    validate,
    async assertValid(document) {
      const view = await validate(document);
      // The view's problems are the parser's Problems, copied across the thread.
      if (!view.valid) throw invalidContract(view.problems as readonly Problem[]);
    },
    async close() {
      const p = pool;
      pool = undefined;
      await p?.destroy();
    },
  };
}
