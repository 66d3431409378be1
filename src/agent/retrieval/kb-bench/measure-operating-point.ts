/**
 * What the knowledge benchmark reports at a confidence threshold: counts of correct answers, wrong
 * answers and escalations, each with its Wilson 95 % interval, and the rule that picks the threshold on
 * validation. A question is answered when the contender names an article with confidence ≥ threshold;
 * an out-of-scope question is handled right when it is escalated.
 */

import {
  countAt,
  type ScoredQuery,
  selectRecallThreshold,
  wilsonLowerBound,
} from "../../resolver/select-threshold.js";

/** Normal quantile of a two-sided 95 % interval. */
const Z_95 = 1.96;

/** `count` of `of`, with its Wilson score interval; rate, low and high are NaN when `of` is 0. */
export interface Proportion {
  readonly count: number;
  readonly of: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval of `count` successes in `of` trials (95 % two-sided by default): the lower
 * bound of the successes and one minus the lower bound of the failures.
 */
export function proportion(count: number, of: number, z = Z_95): Proportion {
  return {
    count,
    of,
    rate: count / of,
    low: wilsonLowerBound(count, of, z),
    high: 1 - wilsonLowerBound(of - count, of, z),
  };
}

/** The benchmark's figures at one threshold. */
export interface OperatingPoint {
  readonly threshold: number;
  /** In-scope questions answered with their own article / in-scope questions. */
  readonly correct: Proportion;
  /** In-scope questions answered with another article / in-scope questions. */
  readonly wrong: Proportion;
  /** In-scope questions escalated / in-scope questions. */
  readonly escalated: Proportion;
  /** Out-of-scope questions escalated / out-of-scope questions. */
  readonly oosEscalated: Proportion;
  /** Correct answers / all answers, out-of-scope questions answered included (each is a wrong answer). */
  readonly answerAccuracy: Proportion;
}

/** Computes the {@link OperatingPoint} of `queries` at `threshold`. */
export function operatingPointAt(queries: readonly ScoredQuery[], threshold: number): OperatingPoint {
  const c = countAt(queries, threshold);
  const inScopeAnswered = c.answered - (c.oos - c.oosEscalated);
  return {
    threshold,
    correct: proportion(c.inCorrect, c.inScope),
    wrong: proportion(inScopeAnswered - c.inCorrect, c.inScope),
    escalated: proportion(c.inScope - inScopeAnswered, c.inScope),
    oosEscalated: proportion(c.oosEscalated, c.oos),
    answerAccuracy: proportion(c.correct, c.answered),
  };
}

/** The operating point the issue sets: at least this share of out-of-scope questions escalated… */
export const MIN_OOS_ESCALATION = 0.8;
/** …and at least this share of answers right. */
export const MIN_ANSWER_ACCURACY = 0.9;

/**
 * The threshold that answers the most in-scope questions correctly on `validation` (point estimates)
 * while escalating at least `minOosEscalation` of the out-of-scope questions and keeping answer accuracy
 * at least `minAccuracy`: the lowest such threshold, since correct answers only fall as the threshold
 * rises. When no threshold reaches the accuracy, the lowest that meets the escalation floor alone.
 */
export function selectOperatingThreshold(
  validation: readonly ScoredQuery[],
  minOosEscalation = MIN_OOS_ESCALATION,
  minAccuracy = MIN_ANSWER_ACCURACY,
): number {
  const floor = selectRecallThreshold(validation, minOosEscalation);
  const candidates = [...new Set(validation.map((q) => q.confidence))]
    .filter((t) => t >= floor)
    .sort((a, b) => a - b);
  for (const t of [floor, ...candidates]) {
    const c = countAt(validation, t);
    if (c.answered > 0 && c.correct / c.answered >= minAccuracy) return t;
  }
  return floor;
}
