/**
 * How the bench turns a search library's relevance score into a confidence: score / (score + k), a
 * monotone map from [0, ∞) to [0, 1) that is 0.5 at score = k. Monotone, so it changes no ranking and
 * no operating point, only calibration; k is fitted on the validation split.
 */

/** A top hit's raw score and whether its article was the right one. */
export interface ScoreSample {
  readonly score: number;
  readonly correct: boolean;
}

/** score / (score + k); 0 for a score of 0 or less (nothing matched). */
export function scoreConfidence(score: number, k: number): number {
  return score > 0 ? score / (score + k) : 0;
}

/** Candidate scales: 10^-3 … 10^4 in steps of 10^0.05 (about 12 %), finer than the fit can tell apart. */
const SCALES = Array.from({ length: 141 }, (_, i) => 10 ** (-3 + i * 0.05));

/** Keeps log(0) out of the loss: a confidence of exactly 0 or 1 that is wrong costs as much as 1e-9. */
const EPS = 1e-9;

/**
 * The k that minimises the log loss of {@link scoreConfidence} on `samples` (the smallest on ties); 1
 * when there are none. Log loss rather than ECE: it is a proper scoring rule, smooth in k, and does not
 * depend on where bin edges fall.
 */
export function fitScoreScale(samples: readonly ScoreSample[]): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  if (samples.length === 0) return best;
  for (const k of SCALES) {
    let loss = 0;
    for (const s of samples) {
      const c = Math.min(1 - EPS, Math.max(EPS, scoreConfidence(s.score, k)));
      loss -= Math.log(s.correct ? c : 1 - c);
    }
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = k;
    }
  }
  return best;
}
