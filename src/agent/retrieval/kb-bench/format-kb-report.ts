/**
 * Renders a {@link KbBenchReport} as the knowledge section of BENCHMARKS.md: the method first, then the
 * figures. A pure function of the report.
 */

import { mdTable } from "../../resolver/format-bench-report.js";
import type { KbContenderResult } from "./evaluate-kb-contender.js";
import type { Proportion } from "./measure-operating-point.js";
import type { KbBenchReport } from "./run-kb-bench.js";

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");
const ms = (x: number): string =>
  Number.isFinite(x) ? `${x < 0.1 ? x.toFixed(3) : x.toFixed(2)} ms` : "n/a";
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
const secs = (x: number): string => `${(x / 1000).toFixed(2)} s`;

/** "62.3% (58.1–66.4) 162/260": the rate, its Wilson 95 % interval and the counts. */
export function formatProportion(p: Proportion): string {
  if (p.of === 0) return "n/a (0/0)";
  return `${pct(p.rate)} (${(100 * p.low).toFixed(1)}–${(100 * p.high).toFixed(1)}) ${p.count}/${p.of}`;
}

const RESULT_HEADER = [
  "contender",
  "threshold",
  "correct (of in-scope)",
  "wrong (of in-scope)",
  "escalated (of in-scope)",
  "OOS escalated",
  "answer accuracy",
];

function resultRows(cs: readonly KbContenderResult[]): string[][] {
  return cs.map((c) => [
    c.name,
    c.threshold.toFixed(4),
    formatProportion(c.test.correct),
    formatProportion(c.test.wrong),
    formatProportion(c.test.escalated),
    formatProportion(c.test.oosEscalated),
    formatProportion(c.test.answerAccuracy),
  ]);
}

const COST_HEADER = [
  "contender",
  "closed-set top-1",
  "ECE",
  "p50",
  "p99",
  "build",
  "heap Δ",
  "validation: correct / OOS escalated",
];

function costRows(cs: readonly KbContenderResult[]): string[][] {
  return cs.map((c) => [
    c.name,
    pct(c.closedSet.rate),
    c.calibrationError.toFixed(3),
    ms(c.latency.p50Ms),
    ms(c.latency.p99Ms),
    secs(c.buildMs),
    mib(c.heapDeltaBytes),
    `${pct(c.validation.correct.rate)} / ${pct(c.validation.oosEscalated.rate)}`,
  ]);
}

function curveTable(cs: readonly KbContenderResult[]): string {
  const first = cs[0]?.curve ?? [];
  return mdTable(
    ["OOS escalated (test)", ...cs.map((c) => c.name)],
    first.map((pt, i) => [
      pct(pt.targetOosEscalation),
      ...cs.map((c) => {
        const p = c.curve[i];
        return p ? `${pct(p.correctRate)} / ${pct(p.answerAccuracy)}` : "n/a";
      }),
    ]),
  );
}

/** The markdown section: method, cold-start results, trade-off curve, scale. */
export function formatKnowledgeBenchMarkdown(r: KbBenchReport, command: string): string {
  const d = r.dataset;
  const [candidate] = r.contenders;
  const gc = candidate?.gcForced ?? false;
  const out = [
    "### Method",
    "",
    `- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB RAM, Node ${r.machine.node}; single process, one question at a time.`,
    `- Cold-start knowledge base: the demo help centre's ${d.articles} articles with every example question (front matter \`questions\`) taken out, split into ${d.passages} passages. Only titles, headings and text are left, as for a tenant who has just imported a help centre.`,
    `- Questions: the example questions, each labelled with its article (in scope), and CLINC150's oos_test (out of scope: nothing in the knowledge base answers them; the right move is to escalate). Texts that tokenise alike count once; ${d.dropped.ambiguous} were dropped as ambiguous (an example of two articles, or also out of scope) and ${d.dropped.repeated} as repeats. Each article's questions are halved at random (seed ${d.seed}), and the out-of-scope ones likewise: validation ${d.validation.inScope} in scope + ${d.validation.outOfScope} out of scope, test ${d.test.inScope} + ${d.test.outOfScope}. No text is in both halves.`,
    `- Operating point: each contender's threshold is chosen on validation only — the lowest at which at least ${pct(candidate?.minOosEscalation ?? Number.NaN)} of out-of-scope questions are escalated, i.e. the most correct answers subject to that floor. Every figure below is on the test half, which nothing is chosen or fitted on. A question is answered when the contender names an article with confidence ≥ the threshold, and is correct when that article is its label.`,
    "- Figures: correct, wrong and escalated are shares of the in-scope test questions; OOS escalated is the share of out-of-scope test questions escalated; answer accuracy is correct answers / all answers (an answered out-of-scope question is a wrong answer). Each with its Wilson 95 % interval and the counts.",
    "- ECE: expected calibration error of the confidence as the probability that the top article is right, 10 equal-width bins, over every test question (answered or escalated; out of scope is never right). Closed-set top-1: in-scope test questions whose top article is right, nothing escalated.",
    `- Contenders${r.candidateStandsIn ? " (no retriever was given, so the resolver alone — what the product answers with on a cold-start knowledge base today — stands in as the candidate the targets are checked against)" : ""}:`,
    ...r.contenders.map((c) => `  - ${c.name}: ${c.description}.`),
    "- Latency: wall time of each test question (`process.hrtime`), after the validation pass; p50 and p99. Build: wall time from the passages to a ready answerer.",
    `- Memory: V8 heap used + external memory retained by the built contender, ${gc ? "each reading after a forced GC (`--expose-gc`)" : "without forced GC (noisy; run node with --expose-gc)"}.`,
    `- Reproduce: \`${command}\`.`,
    "",
    "### Cold start, test half (threshold from validation)",
    "",
    mdTable(RESULT_HEADER, resultRows(r.contenders)),
    "",
    mdTable(COST_HEADER, costRows(r.contenders)),
    "",
    "Trade-off on test: the threshold swept so that each share of the out-of-scope test questions is escalated (for the picture only; no reported threshold is chosen from it) — correct (of in-scope) / answer accuracy:",
    "",
    curveTable(r.contenders),
  ];
  if (r.scale) {
    const s = r.scale;
    out.push(
      "",
      `### Scale: ${s.articles.toLocaleString("en-US")} articles, ${s.passages.toLocaleString("en-US")} passages`,
      "",
      `A tenant-sized knowledge base made from the demo's: the articles as they are plus copies of each in which every lower-case word of four letters or more is replaced through a seeded permutation of the knowledge base's vocabulary (one per copy), so no two texts are the same; split by the same splitter. Per contender: time to build from the passages, heap retained (the memory one tenant of this size costs), and latency over the ${s.questions} test questions after a quarter of the validation ones.`,
      "",
      mdTable(
        ["contender", "build", "heap Δ", "p50", "p99"],
        s.results.map((x) => [
          x.name,
          secs(x.buildMs),
          mib(x.heapDeltaBytes),
          ms(x.latency.p50Ms),
          ms(x.latency.p99Ms),
        ]),
      ),
    );
  }
  return out.join("\n");
}
