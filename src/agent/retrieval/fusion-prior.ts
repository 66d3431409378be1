import type { FusionWeights } from "./knowledge-model.js";

/**
 * The fusion weights every tenant starts from (knowledge-model.ts says what each weight multiplies).
 * Fitted by fitFusionWeights on the validation half of the cold-start benchmark — the demo help centre's
 * articles without their example questions, those questions as the answerable ones and half of CLINC150's
 * out-of-scope test questions as the unanswerable ones — and evaluated on the other half (BENCHMARKS.md,
 * "Knowledge base, cold start"). Refit with `npm run fit:fusion` when the features change; the bench
 * reports the evaluation.
 */
export const FUSION_PRIOR: FusionWeights = {
  rank: { bias: 0, weights: [3, 1, 5, 0, 1], sampleSize: 276 },
  confidence: {
    bias: -2.970298010964433,
    weights: [
      0.4283089332316536, 0.2526995435957537, 1.3120264434887638, 0.8133462480378909, 0.3379132872766394,
      -2.846302955263363,
    ],
    sampleSize: 776,
  },
};

/** Version of the retrieval algorithm: part of every agent version id, so a change is a new version. */
export const RETRIEVAL_VERSION = "passages-bm25-fusion-1";
