/**
 * Training time at product scale: a tenant retrains whenever its knowledge changes, on tens of labels
 * with a handful of questions each, so that is the size whose training time matters. Cases are drawn
 * from an intent dataset (N labels × k training questions, tested on those labels' test queries and,
 * as questions nothing answers, on every other test query) or given directly (a knowledge base, timed
 * only).
 */

import type { IntentDataset, LabelledText } from "./load-dataset.js";
import { trainResolver } from "./train-resolver.js";
import { createRandom, shuffle } from "./train-softmax.js";
import type { ResolverModel, TrainingExample } from "./types.js";

/** One training set to time, optionally with queries to score the trained model on. */
interface TrainingScaleCase {
  readonly name: string;
  readonly examples: readonly TrainingExample[];
  /** Answerable test queries (`[text, label]`). */
  readonly test?: readonly LabelledText[];
  /** Queries no label answers. */
  readonly unanswerable?: readonly string[];
}

/** What {@link measureTrainingScale} reports for one case. */
interface TrainingScaleRow {
  readonly name: string;
  readonly examples: number;
  readonly labels: number;
  readonly runs: number;
  readonly bestMs: number;
  readonly medianMs: number;
  /** Share of answerable test queries whose top candidate is right (no threshold); undefined without test. */
  readonly closedSetAccuracy?: number;
  readonly meanConfidenceAnswerable?: number;
  readonly meanConfidenceUnanswerable?: number;
}

/**
 * Draws `labels` × `perLabel` cases from the dataset's train split (seeded, so the bench is
 * reproducible): random labels, random training questions of each; tested on those labels' test
 * queries, with every other label's test queries and the out-of-scope test queries as unanswerable.
 */
export function drawProductCase(
  dataset: IntentDataset,
  labels: number,
  perLabel: number,
  seed: number,
): TrainingScaleCase {
  const rand = createRandom(seed);
  const byLabel = new Map<string, string[]>();
  for (const [text, label] of dataset.train) {
    const list = byLabel.get(label) ?? [];
    list.push(text);
    byLabel.set(label, list);
  }
  const chosen = shuffle([...byLabel.keys()].sort(), rand).slice(0, labels);
  const inCase = new Set(chosen);
  const examples = chosen.flatMap((label) =>
    shuffle([...(byLabel.get(label) ?? [])], rand)
      .slice(0, perLabel)
      .map((text) => ({ text, label })),
  );
  return {
    name: `${chosen.length} labels × ${perLabel}`,
    examples,
    test: dataset.test.filter(([, l]) => inCase.has(l)),
    unanswerable: [...dataset.test.filter(([, l]) => !inCase.has(l)), ...dataset.oosTest].map(([t]) => t),
  };
}

/** Trains each case `repeats` times on this thread (best and median time) and scores the last model. */
export function measureTrainingScale(
  cases: readonly TrainingScaleCase[],
  repeats = 5,
  progress: (line: string) => void = () => {},
): TrainingScaleRow[] {
  return cases.map((c) => {
    progress(`training time: ${c.name} (${c.examples.length} examples), ${repeats} runs…`);
    const times: number[] = [];
    let model: ResolverModel | undefined;
    for (let i = 0; i < Math.max(1, repeats); i++) {
      const t0 = performance.now();
      model = trainResolver(c.examples);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const row = {
      name: c.name,
      examples: c.examples.length,
      labels: new Set(c.examples.map((e) => e.label)).size,
      runs: times.length,
      bestMs: times[0] ?? Number.NaN,
      medianMs: times[Math.floor((times.length - 1) / 2)] ?? Number.NaN,
    };
    if (!model || !c.test || c.test.length === 0) return row;
    const m = model;
    const answered = c.test.map(([text, label]) => {
      const r = m.resolve(text, 1);
      return { right: r.candidates[0]?.label === label, confidence: r.confidence };
    });
    const unanswerable = (c.unanswerable ?? []).map((t) => m.resolve(t, 1).confidence);
    return {
      ...row,
      closedSetAccuracy: answered.filter((a) => a.right).length / answered.length,
      meanConfidenceAnswerable: mean(answered.map((a) => a.confidence)),
      ...(unanswerable.length > 0 ? { meanConfidenceUnanswerable: mean(unanswerable) } : {}),
    };
  });
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The markdown table of {@link measureTrainingScale} rows. */
export function formatTrainingScaleMarkdown(rows: readonly TrainingScaleRow[]): string {
  const pct = (x: number | undefined): string => (x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);
  const num = (x: number | undefined): string => (x === undefined ? "–" : x.toFixed(2));
  const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
  return [
    "| training set | examples | labels | train (best) | train (median) | runs | closed-set acc | mean conf. answerable | mean conf. unanswerable |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.examples} | ${r.labels} | ${ms(r.bestMs)} | ${ms(r.medianMs)} | ${r.runs} | ${pct(r.closedSetAccuracy)} | ${num(r.meanConfidenceAnswerable)} | ${num(r.meanConfidenceUnanswerable)} |`,
    ),
  ].join("\n");
}
