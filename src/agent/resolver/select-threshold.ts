/**
 * Metrics of a resolver at a confidence threshold, and the two rules the bench uses to pick a threshold
 * on validation data. A query is answered when its confidence is at least the threshold, otherwise it is
 * escalated to a human. Out-of-scope queries have no gold label (`gold: null`): escalating them is right.
 */

/** One evaluated query: the gold label (null = out of scope), the top prediction and its confidence. */
export interface ScoredQuery {
  readonly gold: string | null;
  readonly predicted: string | null;
  readonly confidence: number;
}

/** Metrics at one threshold. Ratios are NaN when their denominator is empty. */
export interface ThresholdMetrics {
  readonly threshold: number;
  /** In-scope queries answered with their own label / in-scope queries (Larson et al. 2019). */
  readonly inScopeAccuracy: number;
  /** Out-of-scope queries escalated / out-of-scope queries (Larson et al. 2019). */
  readonly oosRecall: number;
  /** Correct answers / all queries (in and out of scope): the contract's resolution rate. */
  readonly resolutionRate: number;
  /** Correct answers / answered queries: the contract's first-response accuracy. */
  readonly answerAccuracy: number;
  /** Answered queries / all queries. */
  readonly answerRate: number;
}

/** How many queries of each kind a threshold answers, escalates and gets right. */
export interface Counts {
  readonly inScope: number;
  readonly inCorrect: number;
  readonly oos: number;
  readonly oosEscalated: number;
  readonly answered: number;
  readonly correct: number;
}

/** Counts {@link Counts} for `queries` at `threshold`: {@link metricsAt}'s numerators and denominators. */
export function countAt(queries: readonly ScoredQuery[], threshold: number): Counts {
  let inScope = 0;
  let inCorrect = 0;
  let oos = 0;
  let oosEscalated = 0;
  let answered = 0;
  let correct = 0;
  for (const q of queries) {
    const answers = q.predicted !== null && q.confidence >= threshold;
    const right = answers && q.gold !== null && q.predicted === q.gold;
    if (q.gold === null) {
      oos++;
      if (!answers) oosEscalated++;
    } else {
      inScope++;
      if (right) inCorrect++;
    }
    if (answers) answered++;
    if (right) correct++;
  }
  return { inScope, inCorrect, oos, oosEscalated, answered, correct };
}

/** Computes {@link ThresholdMetrics} for `queries` at `threshold`. */
export function metricsAt(queries: readonly ScoredQuery[], threshold: number): ThresholdMetrics {
  const c = countAt(queries, threshold);
  return {
    threshold,
    inScopeAccuracy: c.inCorrect / c.inScope,
    oosRecall: c.oosEscalated / c.oos,
    resolutionRate: c.correct / queries.length,
    answerAccuracy: c.correct / c.answered,
    answerRate: c.answered / queries.length,
  };
}

/**
 * Candidate thresholds: midpoints between consecutive distinct confidences, plus one below all (answer
 * everything) and one above all (escalate everything). Midpoints rather than observed values, so a
 * threshold is not glued to one validation query's score.
 */
export function candidateThresholds(queries: readonly ScoredQuery[]): number[] {
  const c = [...new Set(queries.map((q) => q.confidence))].sort((a, b) => a - b);
  if (c.length === 0) return [0];
  const out = [0];
  for (let i = 0; i + 1 < c.length; i++) out.push(((c[i] ?? 0) + (c[i + 1] ?? 0)) / 2);
  out.push((c[c.length - 1] ?? 1) + 1e-9);
  return out;
}

/**
 * The Larson operating point: the threshold that maximises the mean of in-scope accuracy and
 * out-of-scope recall on validation data, i.e. that weighs a wrongly answered out-of-scope query and a
 * wrongly escalated in-scope query by the size of their own class rather than by how many of each the
 * validation split happens to contain (3,000 : 100 in CLINC150). Ties go to the lower threshold (more
 * answers). Without out-of-scope validation data it answers everything.
 */
export function selectBalancedThreshold(validation: readonly ScoredQuery[]): number {
  if (!validation.some((q) => q.gold === null)) return 0;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const t of candidateThresholds(validation)) {
    const m = metricsAt(validation, t);
    const score = (m.inScopeAccuracy + m.oosRecall) / 2;
    if (score > bestScore + 1e-12) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}

/**
 * Lower bound of the Wilson score interval for a binomial proportion (`successes` of `n`) at normal quantile
 * `z` (1.645: one-sided 95 %); `successes / n` when `z` is 0, NaN when `n` is 0. Written out rather than
 * taken from a statistics package: it is one formula, and the packages that have it are large.
 */
export function wilsonLowerBound(successes: number, n: number, z: number): number {
  if (n === 0) return Number.NaN;
  const p = successes / n;
  if (z === 0) return p;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return (centre - margin) / (1 + z2 / n);
}

/** How sure a threshold rule must be that its target holds beyond the validation sample. */
interface ConfidenceOption {
  /**
   * Normal quantile of the one-sided confidence the rule requires: 0 compares the validation point
   * estimate with the target; 1.645 requires the target to hold with 95 % confidence (Wilson lower bound),
   * which matters when validation is small — 100 out-of-scope queries put ±10 points around a recall.
   */
  readonly z?: number;
}

/**
 * The contract operating point: the lowest threshold at which answer accuracy (correct / answered) on
 * validation data reaches `target` — lowest, because that answers the most questions while keeping the
 * promise. When no threshold reaches the target it escalates everything (returns a threshold above every
 * confidence), which is the only way to keep it.
 */
export function selectAccuracyThreshold(
  validation: readonly ScoredQuery[],
  target = 0.95,
  { z = 0 }: ConfidenceOption = {},
): number {
  const candidates = candidateThresholds(validation);
  for (const t of candidates) {
    const c = countAt(validation, t);
    if (c.answered > 0 && wilsonLowerBound(c.correct, c.answered, z) >= target) return t;
  }
  return candidates[candidates.length - 1] ?? 1;
}

/**
 * A recall-floor operating point: the lowest threshold whose out-of-scope recall on validation reaches
 * `minRecall` — the most in-scope answers that still escalate that share of out-of-scope questions. It
 * answers "what in-scope accuracy do we keep while catching half the out-of-scope traffic", the form
 * in which Larson-style targets are usually stated. Without out-of-scope validation data it answers
 * everything.
 */
export function selectRecallThreshold(
  validation: readonly ScoredQuery[],
  minRecall = 0.5,
  { z = 0 }: ConfidenceOption = {},
): number {
  const oos = validation.filter((q) => q.gold === null).length;
  if (oos === 0) return 0;
  const candidates = candidateThresholds(validation);
  for (const t of candidates) {
    if (wilsonLowerBound(countAt(validation, t).oosEscalated, oos, z) >= minRecall) return t;
  }
  return candidates[candidates.length - 1] ?? 1;
}
