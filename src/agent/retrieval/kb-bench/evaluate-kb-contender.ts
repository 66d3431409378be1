/**
 * Builds one contender over a knowledge base and evaluates it on the cold-start queries: the threshold
 * is chosen on the validation half, every reported figure is on the test half. Also measures build time,
 * retained heap and per-question latency, the same way for every contender.
 */

import {
  collect,
  expectedCalibrationError,
  memorySnapshot,
  quantile,
  tradeoffCurve,
} from "../../resolver/evaluate-resolver.js";
import type { ScoredQuery } from "../../resolver/select-threshold.js";
import {
  MIN_OOS_ESCALATION,
  type OperatingPoint,
  operatingPointAt,
  type Proportion,
  proportion,
  selectOperatingThreshold,
} from "./measure-operating-point.js";
import type { KbAnswerer, KbContender, KbQuery, KnowledgeBase } from "./types.js";

/** A contender built over a knowledge base, with what building it cost. */
export interface BuiltContender {
  readonly answer: KbAnswerer;
  readonly buildMs: number;
  /** V8 heap used + external memory retained by what was built (after forced GC when available). */
  readonly heapDeltaBytes: number;
  /** Whether GC was forced before each heap reading (node --expose-gc). */
  readonly gcForced: boolean;
}

/** Per-question wall time, in milliseconds. */
export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly questions: number;
}

/** One point of the trade-off curve on test. */
export interface CurvePoint {
  /** The share of test out-of-scope questions the threshold was set to escalate (0, 0.1, … 1). */
  readonly targetOosEscalation: number;
  readonly threshold: number;
  /** In-scope questions answered with their own article / in-scope questions. */
  readonly correctRate: number;
  readonly oosEscalation: number;
  /** Correct answers / answers. */
  readonly answerAccuracy: number;
}

/** Everything the bench reports for one contender on the cold-start dataset. */
export interface KbContenderResult {
  readonly name: string;
  readonly description: string;
  readonly buildMs: number;
  readonly heapDeltaBytes: number;
  readonly gcForced: boolean;
  /** Over the test questions (in and out of scope), after the validation pass warmed the code up. */
  readonly latency: Latency;
  /** The share of out-of-scope validation questions the threshold had to escalate. */
  readonly minOosEscalation: number;
  /** Chosen on validation: the most correct answers with ≥ minOosEscalation escalated. */
  readonly threshold: number;
  readonly validation: OperatingPoint;
  readonly test: OperatingPoint;
  /** Top article right for in-scope test questions, with no threshold (everything answered). */
  readonly closedSet: Proportion;
  /**
   * Expected calibration error (10 equal-width bins) of the confidence as the probability that the top
   * article is right, over every test question (answered or escalated; out of scope is never right).
   */
  readonly calibrationError: number;
  /** Test figures at the thresholds that escalate 0 %, 10 %, … 100 % of test out-of-scope questions. */
  readonly curve: readonly CurvePoint[];
}

/** Builds `contender` over `kb`, timing the build and measuring the heap it retains. */
export async function buildMeasured(contender: KbContender, kb: KnowledgeBase): Promise<BuiltContender> {
  const gcForced = collect();
  const before = memorySnapshot();
  const t0 = performance.now();
  const answer = await contender.build(kb);
  const buildMs = performance.now() - t0;
  collect();
  const after = memorySnapshot();
  return { answer, buildMs, heapDeltaBytes: after.heap - before.heap, gcForced };
}

/** Asks every question; with `times`, records each call's wall time there. */
export function scoreQueries(
  answer: KbAnswerer,
  queries: readonly KbQuery[],
  times?: number[],
): ScoredQuery[] {
  const out: ScoredQuery[] = [];
  for (const q of queries) {
    const start = process.hrtime.bigint();
    const a = answer(q.question);
    const end = process.hrtime.bigint();
    times?.push(Number(end - start) / 1e6);
    out.push({ gold: q.sourceId, predicted: a.sourceId, confidence: a.confidence });
  }
  return out;
}

/** p50, p99 and mean of per-call times. */
export function latencyOf(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: sorted.reduce((s, t) => s + t, 0) / Math.max(1, sorted.length),
    questions: sorted.length,
  };
}

/** Builds and evaluates one contender; `progress` receives short status lines. */
export async function evaluateKbContender(
  contender: KbContender,
  kb: KnowledgeBase,
  queries: { readonly validation: readonly KbQuery[]; readonly test: readonly KbQuery[] },
  progress: (line: string) => void = () => {},
): Promise<KbContenderResult> {
  progress(`${contender.name}: building over ${kb.passages.length} passages…`);
  const built = await buildMeasured(contender, kb);
  progress(`${contender.name}: choosing the threshold on validation, evaluating on test…`);
  const validation = scoreQueries(built.answer, queries.validation);
  const times: number[] = [];
  const test = scoreQueries(built.answer, queries.test, times);
  const threshold = selectOperatingThreshold(validation, MIN_OOS_ESCALATION);
  const inScope = test.filter((q) => q.gold !== null);
  return {
    name: contender.name,
    description: contender.description,
    buildMs: built.buildMs,
    heapDeltaBytes: built.heapDeltaBytes,
    gcForced: built.gcForced,
    latency: latencyOf(times),
    minOosEscalation: MIN_OOS_ESCALATION,
    threshold,
    validation: operatingPointAt(validation, threshold),
    test: operatingPointAt(test, threshold),
    closedSet: proportion(inScope.filter((q) => q.predicted === q.gold).length, inScope.length),
    calibrationError: expectedCalibrationError(test),
    curve: tradeoffCurve(test).map((p) => ({
      targetOosEscalation: p.targetOosRecall,
      threshold: p.threshold,
      correctRate: p.inScopeAccuracy,
      oosEscalation: p.oosRecall,
      answerAccuracy: p.answerAccuracy,
    })),
  };
}
