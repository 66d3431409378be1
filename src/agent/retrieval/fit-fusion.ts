import { fitLogistic } from "../resolver/index.js";
import { type FusionWeights, type GatheredEvidence, rankEvidence } from "./knowledge-model.js";

/** A question with its gathered evidence and the source that answers it (null: nothing does). */
export interface FusionSample {
  readonly evidence: GatheredEvidence;
  readonly sourceId: string | null;
}

/** Values each rank weight is tried at: rank weights only order passages, so a coarse grid is enough. */
const GRID = [0, 0.5, 1, 2, 3, 5, 8] as const;

/**
 * Fit fusion weights on labelled questions (a validation split, never the evaluation's): first the rank
 * weights, by coordinate ascent over GRID for the most questions whose best passage comes from the right
 * source (a direct search for what matters, top-1, where a pointwise logistic fit over all candidates
 * optimises something else and ranks worse); then the confidence, by logistic regression of "the best
 * passage is right" on its signals, over answerable and unanswerable questions alike, so it is a
 * probability at that mix. `ridge` pulls the confidence weights towards zero by that many observations.
 */
export function fitFusionWeights(
  samples: readonly FusionSample[],
  start: FusionWeights,
  ridge = 1,
): FusionWeights {
  const answerable = samples.filter((s) => s.sourceId !== null);
  const topRight = (weights: FusionWeights) =>
    answerable.filter((s) => rankEvidence(s.evidence, weights, 1).ranked[0]?.passage.sourceId === s.sourceId)
      .length;
  let rank = [...start.rank.weights];
  let bestScore = topRight(start);
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (let i = 0; i < rank.length; i++) {
      for (const v of GRID) {
        const trial = rank.map((w, j) => (j === i ? v : w));
        const score = topRight({ ...start, rank: { ...start.rank, weights: trial } });
        if (score > bestScore) {
          bestScore = score;
          rank = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  const rankWeights = { bias: 0, weights: rank, sampleSize: answerable.length };
  const scored = samples.map((s) => {
    const e = rankEvidence(s.evidence, { rank: rankWeights, confidence: start.confidence }, 1);
    return { signals: e.signals, right: s.sourceId !== null && e.ranked[0]?.passage.sourceId === s.sourceId };
  });
  const usable = scored.filter((s) => s.signals.length > 0);
  const zero = { bias: 0, weights: start.confidence.weights.map(() => 0), sampleSize: 0 };
  const confidence = fitLogistic(
    usable.map((s) => s.signals),
    usable.map((s) => s.right),
    zero,
    ridge,
  );
  return { rank: rankWeights, confidence };
}
