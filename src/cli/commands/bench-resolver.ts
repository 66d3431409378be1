/**
 * `vouch bench resolver --dataset <file> [--json] [--peers <list>]`: trains Vouch's resolver and peer
 * search libraries on an intent dataset (CLINC150 layout) and prints accuracy, out-of-scope recall,
 * contract-view figures, latency, training time and memory, with Vouch-vs-peer ratios.
 */

import type { Command } from "commander";
import { formatBenchText, parsePeerList, runResolverBench } from "../../agent/resolver/index.js";
import { action, printJson, printLine, progress } from "../output.js";

interface BenchResolverFlags {
  readonly dataset: string;
  readonly json?: boolean;
  readonly peers?: string;
}

/** Adds the `resolver` subcommand to `vouch bench`. */
export function registerBenchResolver(bench: Command): void {
  bench
    .command("resolver")
    .description(
      "benchmark the embedded resolver against peer libraries on an intent dataset (CLINC150 layout)",
    )
    .requiredOption("--dataset <file>", "dataset JSON with train, val, test, oos_val and oos_test splits")
    .option("--json", "print one JSON object instead of tables")
    .option(
      "--peers <list>",
      "peers to compare: all, none, or a comma list of minisearch,orama,flexsearch",
      "all",
    )
    .action(
      action(async (flags: BenchResolverFlags) => {
        const peers = parsePeerList(flags.peers);
        const report = await runResolverBench(flags.dataset, { peers, progress: (line) => progress(line) });
        if (flags.json) printJson(report);
        else printLine(formatBenchText(report));
      }),
    );
}
