import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestStore } from "../src/store/test-support/test-store.js";
import { ROOT_KEY } from "./support.js";

/** The built CLI (`npm test` builds first): process tests run what a user runs. */
export const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

/** A `vouch …` process started by a test. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Every line it printed so far, stdout and stderr together, in order of arrival. */
  readonly lines: readonly string[];
  /** Resolves with its exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * The first line (printed already or to come) that `match` accepts, with what it returned; rejects with
   * everything printed when the process exits first.
   */
  waitFor<T>(match: (line: string) => T | undefined | null | false): Promise<T>;
}

/**
 * The environment for a CLI process on a test store: its data directory (the SQLite file lives there as
 * vouch.db), the store's PostgreSQL schema when there is one, and the test root key.
 */
export function cliEnv(
  store: TestStore,
  dataDir: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    VOUCH_DATA_DIR: dataDir,
    DATABASE_URL: store.databaseUrl ?? "",
    VOUCH_ROOT_KEY: ROOT_KEY,
    VOUCH_LOG_LEVEL: "warn",
    ...extra,
  };
}

/** Start `vouch <args>`; lines are collected as they come. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close", not "exit": every line it printed has been read by then.
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
      for (const l of listeners) l();
    });
  }
  const waitFor = <T>(match: (line: string) => T | undefined | null | false): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let seen = 0;
      const check = () => {
        for (; seen < lines.length; seen++) {
          const found = match(lines[seen] as string);
          if (found !== undefined && found !== null && found !== false) {
            listeners.delete(check);
            resolve(found);
            return;
          }
        }
      };
      listeners.add(check);
      check();
      void exited.then(({ code, signal }) => {
        if (!listeners.delete(check)) return;
        reject(new Error(`vouch ${args.join(" ")} exited (${code ?? signal}):\n${lines.join("\n")}`));
      });
    });
  return { child, lines, exited, waitFor };
}

/** A pino log line's fields, or undefined for any other line. */
export function logLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
