/**
 * `npm run bench` section for the embedded resolver: the full CLINC150 evaluation against peer search
 * libraries. The dataset lives outside the repository (../shared beside the clone, or VOUCH_CLINC150).
 */

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatBenchMarkdown, runResolverBench } from "../src/agent/resolver/index.js";

/** Walks up from this file to the folder holding package.json (works from bench/ and dist-bench/bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("resolver bench: cannot find the repository root (no package.json above)");
    dir = parent;
  }
}

/** Runs the resolver bench on CLINC150 (full) and returns its BENCHMARKS.md section. */
export async function run(): Promise<{ title: string; markdown: string; json: unknown }> {
  const path = process.env.VOUCH_CLINC150 ?? resolve(repoRoot(), "../shared/data/clinc150/data_full.json");
  const report = await runResolverBench(path, { progress: (line) => process.stderr.write(`${line}\n`) });
  return {
    title: "Embedded resolver (CLINC150)",
    markdown: formatBenchMarkdown(
      report,
      "npm run bench (or: vouch bench resolver --dataset <data_full.json>)",
    ),
    json: report,
  };
}
