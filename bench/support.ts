import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the folder with package.json), from the compiled dist-bench/bench or bench/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above the bench");
    dir = up;
  }
  return dir;
}

/** Where the benches read CLINC150: VOUCH_CLINC150, else data/clinc150/data_full.json in VOUCH_SHARED_DIR (../shared). */
export function clincPath(): string {
  const shared = process.env.VOUCH_SHARED_DIR ?? resolve(repoRoot(), "../shared");
  return process.env.VOUCH_CLINC150 ?? resolve(shared, "data/clinc150/data_full.json");
}

/** What to do when CLINC150 is not at `path` (clincPath). */
export function clincMissing(path: string): string {
  return `CLINC150 is not at ${path}. Download data/data_full.json from github.com/clinc/oos-eval (CC BY 3.0) and put it at <dir>/data/clinc150/data_full.json with VOUCH_SHARED_DIR=<dir> (default: ../shared beside the repository), or set VOUCH_CLINC150 to the file.`;
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${process.platform}`;
}

/**
 * Server settings for load from one address: that address stands in for thousands of end customers, so
 * the widget's per-address rate limit is raised above any load, not switched off, and the limiter's cost
 * stays in the measurement.
 */
export const LOAD_FROM_ONE_ADDRESS = { VOUCH_RATE_LIMIT_WIDGET_PER_IP: "1000000000" } as const;

/**
 * A run whose load the server mostly refused measured nothing: stop with the reason instead of reporting
 * its figures.
 */
export function assertLoadServed(what: string, r: { non2xx: number; requests: { total: number } }): void {
  if (r.non2xx > r.requests.total * 0.01) {
    throw new Error(
      `${what}: ${r.non2xx} of ${r.requests.total} responses were not 2xx (a rate limit or errors); the figures would mean nothing`,
    );
  }
}

/** Start the built `vouch` CLI as a child process and wait for a line matching `ready`. */
export async function startVouch(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<{ child: ChildProcess; output: () => string }> {
  const cli = join(repoRoot(), "dist", "cli", "main.js");
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vouch did not start in time:\n${out}`)), timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`vouch exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** One target from an issue, as a bench section measured it: listed at the top of BENCHMARKS.md. */
export interface TargetCheck {
  readonly what: string;
  readonly target: string;
  readonly result: string;
  readonly met: boolean;
}

/** What every bench section returns to run-all. */
export interface BenchSection {
  readonly title: string;
  readonly markdown: string;
  readonly json: unknown;
  readonly targets?: readonly TargetCheck[];
}
