/**
 * Renders a {@link ResolverBenchReport} as a terminal table (for `vouch bench resolver`) or as a markdown
 * section for BENCHMARKS.md (for `npm run bench`). Pure functions of the report.
 */

import type { ContenderResult } from "./evaluate-resolver.js";
import type { ResolverBenchReport } from "./run-resolver-bench.js";

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "n/a");
const ms = (x: number): string =>
  Number.isFinite(x) ? `${x < 0.1 ? x.toFixed(3) : x.toFixed(2)} ms` : "n/a";
const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "n/a");
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
const secs = (x: number): string => `${(x / 1000).toFixed(1)} s`;

function contenders(r: ResolverBenchReport): ContenderResult[] {
  return [r.vouch, ...r.peers];
}

/** Rows of the main results table (one per contender). */
function mainRows(r: ResolverBenchReport): string[][] {
  return contenders(r).map((c) => [
    c.name,
    pct(c.larson.test.inScopeAccuracy),
    pct(c.larson.test.oosRecall),
    pct(c.recallFloor.test.inScopeAccuracy),
    pct(c.recallFloor.test.oosRecall),
    pct(c.contract.test.resolutionRate),
    pct(c.contract.test.answerAccuracy),
    ms(c.latency.p50Ms),
    ms(c.latency.p99Ms),
    secs(c.trainMs),
    mib(c.memory.heapDeltaBytes),
  ]);
}

const MAIN_HEADER = [
  "resolver",
  "in-scope acc",
  "OOS recall",
  "in-scope acc (floor)",
  "OOS recall (floor)",
  "resolution rate",
  "first-response acc",
  "p50",
  "p99",
  "train",
  "heap Δ",
];

function comparisonRows(r: ResolverBenchReport): string[][] {
  return r.comparisons.map((c) => [
    `Vouch vs ${c.peer}`,
    ratio(c.inScopeAccuracy),
    ratio(c.oosRecall),
    ratio(c.resolutionRate),
    ratio(c.answerAccuracy),
    ratio(c.latencyP50),
    ratio(c.latencyP99),
    ratio(c.trainTime),
    ratio(c.memory),
  ]);
}

const COMPARISON_HEADER = [
  "ratio",
  "in-scope acc",
  "OOS recall",
  "resolution rate",
  "first-response acc",
  "p50 speed-up",
  "p99 speed-up",
  "train speed-up",
  "memory (peer/Vouch)",
];

const THRESHOLD_HEADER = [
  "resolver",
  "Larson threshold",
  "floor threshold",
  "contract threshold",
  "answered on test",
  "closed-set acc",
  "ECE all",
  "ECE in-scope",
];

function thresholdRows(r: ResolverBenchReport): string[][] {
  return contenders(r).map((c) => [
    c.name,
    c.larson.threshold.toFixed(4),
    c.recallFloor.threshold.toFixed(4),
    c.contract.threshold.toFixed(4),
    pct(c.contract.test.answerRate),
    pct(c.closedSetAccuracy),
    c.calibrationError.all.toFixed(3),
    c.calibrationError.inScope.toFixed(3),
  ]);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A Markdown table: the first column left-aligned, the others right-aligned (figures). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

/** The terminal rendering: two tables and the thresholds, readable in 110 columns. */
export function formatBenchText(r: ResolverBenchReport): string {
  const d = r.dataset;
  const lines = [
    `dataset ${d.path}: train ${d.train} (${d.labels} labels), val ${d.val} + oos_val ${d.oosVal}, test ${d.test} + oos_test ${d.oosTest}`,
    `machine ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, node ${r.machine.node}`,
    "",
    "in-scope acc / OOS recall: Larson operating point (threshold maximising (in-scope acc + OOS recall)/2 on val).",
    `(floor): lowest threshold with OOS recall ≥ ${pct(r.vouch.recallFloor.minRecall)} on val, with 95 % confidence (Wilson lower bound).`,
    `resolution rate / first-response acc: threshold = lowest with ≥ ${pct(r.vouch.contract.target)} answer accuracy on val ∪ oos_val, with 95 % confidence.`,
    `Vouch at the floor rule's point estimate instead (recall ≥ ${pct(r.vouch.recallFloor.minRecall)} on val, no margin): ${pct(r.vouch.recallFloor.pointEstimate.test.inScopeAccuracy)} / ${pct(r.vouch.recallFloor.pointEstimate.test.oosRecall)}.`,
    "",
    table(MAIN_HEADER, mainRows(r)),
  ];
  if (r.comparisons.length > 0) lines.push("", table(COMPARISON_HEADER, comparisonRows(r)));
  lines.push(
    "",
    table(THRESHOLD_HEADER, thresholdRows(r)),
    "",
    `latency: per query over ${r.vouch.latency.queries} test queries after a warm-up pass over val; heap Δ: V8 heap used + external (typed arrays) retained after training${r.vouch.memory.gcForced ? ", after forced GC" : ", without forced GC (run node with --expose-gc for stable figures)"}; peak RSS growth while training: ${contenders(
      r,
    )
      .map((c) => `${c.name} ${mib(c.memory.peakRssDeltaBytes)}`)
      .join(", ")} (order-dependent: a later contender that stays under an earlier peak shows 0).`,
  );
  return lines.join("\n");
}

/** The markdown section for BENCHMARKS.md: method first, then figures, ratios and the trade-off curve. */
export function formatBenchMarkdown(r: ResolverBenchReport, command: string): string {
  const d = r.dataset;
  const v = r.vouch;
  const out: string[] = [
    "### Method",
    "",
    `- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB RAM, Node ${r.machine.node}; single process, one query at a time.`,
    `- Dataset: \`${d.path}\` — train ${d.train} utterances over ${d.labels} labels; val ${d.val} + oos_val ${d.oosVal}; test ${d.test} + oos_test ${d.oosTest}. oos_train is not used: the resolver learns from in-scope history only.`,
    "- Split use: every contender is trained on `train`; thresholds are chosen on `val` ∪ `oos_val` only; all figures below are on `test` ∪ `oos_test`, which nothing is tuned on.",
    "- Larson operating point (Larson et al. 2019, oos-threshold): an in-scope query counts as correct only when answered with its own label (escalated = wrong); OOS recall = escalated out-of-scope queries / out-of-scope queries. The threshold is the one maximising (in-scope accuracy + OOS recall) / 2 on validation — each error type weighed by its own class size, not by the 3,000 : 100 ratio of the validation split; ties go to the lower threshold.",
    `- Recall-floor point ("(floor)" columns): the lowest threshold at which OOS recall on oos_val is at least ${pct(v.recallFloor.minRecall)} with one-sided 95 % confidence (the Wilson score lower bound, z = ${v.recallFloor.z}) — the most in-scope answers that still escalate half the out-of-scope traffic, allowing for the sampling noise of oos_val's ${d.oosVal} queries (±10 points at n = 100). Reported because targets of the form "in-scope accuracy X with OOS recall ≥ 50 %" are stated this way; it is chosen on validation only, like the others. At the point estimate (recall ≥ ${pct(v.recallFloor.minRecall)} on oos_val, no margin) Vouch gives ${pct(v.recallFloor.pointEstimate.test.inScopeAccuracy)} in-scope / ${pct(v.recallFloor.pointEstimate.test.oosRecall)} OOS recall on test (threshold ${v.recallFloor.pointEstimate.threshold.toFixed(4)}).`,
    `- Contract view: the threshold is the lowest at which answer accuracy (correct / answered) on val ∪ oos_val reaches ${pct(v.contract.target)} with one-sided 95 % confidence (Wilson lower bound). On test we report the resolution rate (correct answers / all test queries, in and out of scope) and first-response accuracy (correct / answered). Test has far more out-of-scope traffic (18 %) than val (3 %), so first-response accuracy on test lands below the validation target: that is the honest cost of a shifted mix.`,
    "- Peers (used as k-nearest-neighbour resolvers over the same training history, each utterance indexed with its label, the top-10 hits voting with their scores; confidence = the winning label's share of the votes; same threshold rules):",
    ...r.peers.map((p) => `  - ${p.name}: ${p.description}.`),
    `- Vouch: ${v.description}.`,
    "- Latency: wall time of each query (`process.hrtime`) over all test and oos_test queries, after a warm-up pass over the validation queries; p50 and p99.",
    `- Memory: V8 heap used + external memory (typed arrays live there) retained after training, ${v.memory.gcForced ? "each reading after a forced GC (`--expose-gc`)" : "without forced GC (noisy)"}; the JSON also has the RSS delta and the growth of peak RSS (\`maxRSS\`) during training, both order-dependent (RSS rarely shrinks; Vouch runs first, so its peak figure is its own: ${mib(v.memory.peakRssDeltaBytes)}).`,
    `- Reproduce: \`${command}\`.`,
    "",
    "### Results (test ∪ oos_test)",
    "",
    mdTable(MAIN_HEADER, mainRows(r)),
    "",
  ];
  if (r.comparisons.length > 0) {
    out.push("Ratios (above 1 favours Vouch):", "", mdTable(COMPARISON_HEADER, comparisonRows(r)), "");
  }
  out.push(
    "Thresholds and calibration (ECE = expected calibration error of the confidence as the probability that the top answer is right, 10 bins):",
    "",
    mdTable(THRESHOLD_HEADER, thresholdRows(r)),
    "",
    "Trade-off on test (threshold swept so that test OOS recall hits each value; for the picture only, no reported threshold is chosen from it) — in-scope accuracy:",
    "",
    mdTable(
      ["OOS recall", ...contenders(r).map((c) => c.name)],
      (v.curve.length > 0 ? v.curve : []).map((pt, i) => [
        pct(pt.targetOosRecall),
        ...contenders(r).map((c) => pct(c.curve[i]?.inScopeAccuracy ?? Number.NaN)),
      ]),
    ),
  );
  return out.join("\n");
}
