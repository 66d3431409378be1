import type { ArticleKnowledge } from "../../ports.js";
import { type FusionSample, fitFusionWeights } from "../fit-fusion.js";
import { FUSION_PRIOR } from "../fusion-prior.js";
import type { FusionWeights } from "../knowledge-model.js";
import { buildColdStartDataset } from "./build-cold-start-dataset.js";
import { buildKnowledgeBase } from "./build-knowledge-base.js";
import type { SplitArticle } from "./types.js";
import { buildColdStartModel } from "./vouch-contender.js";

/**
 * Fit the fusion prior (fusion-prior.ts) on the cold-start benchmark's validation half, never its test
 * half: the same dataset, seed and splitter as `npm run bench -- knowledge`, so the bench's test figures
 * are out of sample. Starts from the weights in use.
 */
export async function fitFusionPrior(
  articles: readonly ArticleKnowledge[],
  outOfScope: readonly string[],
  split: SplitArticle,
  seed = 1,
): Promise<{ readonly weights: FusionWeights; readonly validation: number }> {
  const data = buildColdStartDataset(articles, outOfScope, { seed });
  const model = await buildColdStartModel(buildKnowledgeBase(data.articles, split));
  const samples: FusionSample[] = data.validation.map((q) => ({
    evidence: model.gather(q.question),
    sourceId: q.sourceId,
  }));
  return { weights: fitFusionWeights(samples, FUSION_PRIOR), validation: samples.length };
}
