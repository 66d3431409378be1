/**
 * Evaluates one contender (Vouch's resolver or a peer) on an intent dataset with the out-of-scope
 * protocol of Larson et al. (2019): train on `train`, pick thresholds on `val` ∪ `oos_val` only, report on
 * `test` ∪ `oos_test`. Also measures training time, retained memory and per-query latency.
 */

import type { IntentDataset, LabelledText } from "./load-dataset.js";
import type { Answerer, Contender } from "./peer-resolvers.js";
import {
  metricsAt,
  type ScoredQuery,
  selectAccuracyThreshold,
  selectBalancedThreshold,
  selectRecallThreshold,
  type ThresholdMetrics,
} from "./select-threshold.js";

/** The label CLINC150 gives out-of-scope queries; any such label in val/test is treated as out of scope. */
const OOS_LABEL = "oos";

/** OOS recall floor of the second Larson-style operating point. */
const OOS_RECALL_FLOOR = 0.5;

/** Answer accuracy the contract view promises on validation data. */
const CONTRACT_ACCURACY_TARGET = 0.95;

/**
 * The recall-floor and contract rules require their target to hold with one-sided 95 % confidence on
 * validation (Wilson lower bound), not only at the validation point estimate: a floor promised to a buyer
 * must survive the sampling noise of the validation set (CLINC150 has 100 out-of-scope validation queries).
 */
const TARGET_CONFIDENCE_Z = 1.645;

/** Memory retained by the trained model, measured around training. */
interface MemoryUsage {
  /** Change in V8 heap used plus external memory (typed arrays live there), after GC when available. */
  readonly heapDeltaBytes: number;
  /** Change in resident set size. RSS rarely shrinks, so it is an upper bound that depends on run order. */
  readonly rssDeltaBytes: number;
  /**
   * Growth of the process's peak RSS (`maxRSS`) during training: the transient peak training needed
   * beyond anything the process had already used (0 when it stayed under an earlier contender's peak).
   */
  readonly peakRssDeltaBytes: number;
  /** Whether GC was forced before each reading (node --expose-gc); without it, deltas are noisier. */
  readonly gcForced: boolean;
}

/** Per-query latency over all test and oos_test queries, after a warm-up on the validation queries. */
interface LatencyStats {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly queries: number;
}

/** Everything the bench reports for one contender. */
export interface ContenderResult {
  readonly name: string;
  readonly description: string;
  readonly trainMs: number;
  readonly memory: MemoryUsage;
  readonly latency: LatencyStats;
  /**
   * Expected calibration error (10 equal-width bins) of the confidence as "probability the top answer is
   * right", on all test queries (in and out of scope) and on in-scope test queries only.
   */
  readonly calibrationError: { readonly all: number; readonly inScope: number };
  /** Test accuracy on in-scope queries with no threshold (every query answered). */
  readonly closedSetAccuracy: number;
  /** Larson operating point: threshold maximising (in-scope accuracy + OOS recall)/2 on validation. */
  readonly larson: {
    readonly threshold: number;
    readonly val: ThresholdMetrics;
    readonly test: ThresholdMetrics;
  };
  /** Recall-floor point: lowest threshold with ≥ 50 % OOS recall on validation, with 95 % confidence. */
  readonly recallFloor: {
    readonly minRecall: number;
    /** Normal quantile of the confidence required (see TARGET_CONFIDENCE_Z). */
    readonly z: number;
    readonly threshold: number;
    readonly val: ThresholdMetrics;
    readonly test: ThresholdMetrics;
    /** The same rule at the validation point estimate (z = 0), reported for comparison. */
    readonly pointEstimate: { readonly threshold: number; readonly test: ThresholdMetrics };
  };
  /** Contract view: lowest threshold with ≥ 95 % answer accuracy on validation, with 95 % confidence. */
  readonly contract: {
    readonly target: number;
    readonly z: number;
    readonly threshold: number;
    readonly val: ThresholdMetrics;
    readonly test: ThresholdMetrics;
  };
  /**
   * Trade-off on test: in-scope accuracy and answer accuracy when the threshold is swept so that test OOS
   * recall is 0 %, 10 %, … 100 %. For the picture only; no threshold above is chosen from it.
   */
  readonly curve: readonly (ThresholdMetrics & { readonly targetOosRecall: number })[];
}

type Gc = () => void;

/** Forces garbage collection twice when node runs with --expose-gc; says whether it could. */
export function collect(): boolean {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

/** V8 heap used + external memory, RSS and peak RSS, in bytes. */
export function memorySnapshot(): { heap: number; rss: number; peakRss: number } {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss, peakRss: process.resourceUsage().maxRSS * 1024 };
}

async function score(
  answer: Answerer,
  items: readonly LabelledText[],
  times?: number[],
): Promise<ScoredQuery[]> {
  const out: ScoredQuery[] = [];
  for (const [text, label] of items) {
    const start = process.hrtime.bigint();
    let a = answer(text);
    if (a instanceof Promise) a = await a;
    const end = process.hrtime.bigint();
    times?.push(Number(end - start) / 1e6);
    out.push({ gold: label === OOS_LABEL ? null : label, predicted: a.label, confidence: a.confidence });
  }
  return out;
}

/** The q-quantile (nearest rank) of ascending `sorted`; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] ?? Number.NaN;
}

/** Test metrics at the thresholds that give test OOS recall 0 %, 10 %, … 100 %. */
export function tradeoffCurve(test: readonly ScoredQuery[]): ContenderResult["curve"] {
  const oos = test
    .filter((q) => q.gold === null)
    .map((q) => (q.predicted === null ? Number.NEGATIVE_INFINITY : q.confidence))
    .sort((a, b) => a - b);
  const points: (ThresholdMetrics & { targetOosRecall: number })[] = [];
  if (oos.length === 0) return points;
  for (let r = 0; r <= 10; r++) {
    const target = r / 10;
    const need = Math.ceil(target * oos.length);
    // Escalating the `need` lowest-scoring OOS queries: the threshold sits just above the need-th score.
    const t = need === 0 ? Number.NEGATIVE_INFINITY : (oos[need - 1] ?? 0) + 1e-12;
    points.push({ ...metricsAt(test, t), targetOosRecall: target });
  }
  return points;
}

/** Expected calibration error with 10 equal-width confidence bins. */
export function expectedCalibrationError(queries: readonly ScoredQuery[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
  for (const q of queries) {
    const c = Math.min(1, Math.max(0, q.confidence));
    const b = bins[Math.min(9, Math.floor(c * 10))];
    if (!b) continue;
    b.n++;
    b.conf += c;
    if (q.gold !== null && q.predicted === q.gold) b.right++;
  }
  let ece = 0;
  for (const b of bins) if (b.n > 0) ece += (b.n / queries.length) * Math.abs(b.conf / b.n - b.right / b.n);
  return ece;
}

/** Trains and evaluates one contender; `progress` receives short status lines. */
export async function evaluateContender(
  contender: Contender,
  dataset: IntentDataset,
  progress: (line: string) => void = () => {},
): Promise<ContenderResult> {
  const examples = dataset.train
    .filter(([, label]) => label !== OOS_LABEL)
    .map(([text, label]) => ({ text, label }));
  const gcForced = collect();
  const before = memorySnapshot();
  progress(`${contender.name}: training on ${examples.length} examples…`);
  const t0 = performance.now();
  const answer = await contender.train(examples);
  const trainMs = performance.now() - t0;
  collect();
  const after = memorySnapshot();

  progress(`${contender.name}: tuning thresholds on val + oos_val…`);
  const val = await score(answer, [...dataset.val, ...dataset.oosVal]);
  progress(`${contender.name}: evaluating on test + oos_test…`);
  const times: number[] = [];
  const test = await score(answer, [...dataset.test, ...dataset.oosTest], times);
  times.sort((a, b) => a - b);

  const larsonT = selectBalancedThreshold(val);
  const sure = { z: TARGET_CONFIDENCE_Z };
  const contractT = selectAccuracyThreshold(val, CONTRACT_ACCURACY_TARGET, sure);
  const floorT = selectRecallThreshold(val, OOS_RECALL_FLOOR, sure);
  const floorPointT = selectRecallThreshold(val, OOS_RECALL_FLOOR);
  const inScope = test.filter((q) => q.gold !== null);
  return {
    name: contender.name,
    description: contender.description,
    trainMs,
    memory: {
      heapDeltaBytes: after.heap - before.heap,
      rssDeltaBytes: after.rss - before.rss,
      peakRssDeltaBytes: after.peakRss - before.peakRss,
      gcForced,
    },
    latency: {
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
      queries: times.length,
    },
    calibrationError: { all: expectedCalibrationError(test), inScope: expectedCalibrationError(inScope) },
    closedSetAccuracy: inScope.filter((q) => q.predicted === q.gold).length / Math.max(1, inScope.length),
    larson: { threshold: larsonT, val: metricsAt(val, larsonT), test: metricsAt(test, larsonT) },
    recallFloor: {
      minRecall: OOS_RECALL_FLOOR,
      z: TARGET_CONFIDENCE_Z,
      threshold: floorT,
      val: metricsAt(val, floorT),
      test: metricsAt(test, floorT),
      pointEstimate: { threshold: floorPointT, test: metricsAt(test, floorPointT) },
    },
    contract: {
      target: CONTRACT_ACCURACY_TARGET,
      z: TARGET_CONFIDENCE_Z,
      threshold: contractT,
      val: metricsAt(val, contractT),
      test: metricsAt(test, contractT),
    },
    curve: tradeoffCurve(test),
  };
}
