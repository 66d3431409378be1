import type { FusionWeights } from "./knowledge-model.js";

/**
 * The fusion weights every tenant starts from (knowledge-model.ts says what each weight multiplies).
 * Fitted by fitFusionWeights (`npm run fit:fusion`) on the validation half of the cold-start benchmark —
 * the demo help centre's 77 articles without their example questions, half of those questions (260) as
 * the answerable ones and half of CLINC150's out-of-scope test questions (500) as the unanswerable ones —
 * and evaluated on the other half (BENCHMARKS.md, "Knowledge retrieval (cold start)"). The confidence is
 * therefore a probability at that mix of answerable and unanswerable questions. Refit when the features
 * or the splitter change.
 */
export const FUSION_PRIOR: FusionWeights = {
  rank: { bias: 0, weights: [3, 1, 5, 0, 1], sampleSize: 260 },
  confidence: {
    bias: -2.6992836695542337,
    weights: [
      0.4824619614357111, 0.11024733182638863, 1.4645305312495853, 0.5259773743426658, 0.10280121141141879,
      -2.7168071903848756,
    ],
    sampleSize: 760,
  },
};
