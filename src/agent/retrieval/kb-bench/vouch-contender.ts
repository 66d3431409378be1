import { buildTrainingSet } from "../../build-training-set.js";
import { trainResolver } from "../../resolver/train-resolver.js";
import { FUSION_PRIOR } from "../fusion-prior.js";
import { buildKnowledgeModel, type FusionWeights, type KnowledgeModel } from "../knowledge-model.js";
import type { KbContender, KnowledgeBase } from "./types.js";

/**
 * The knowledge model the agent builds for a tenant whose articles are `kb` and who has no example
 * questions, approved questions or learned answers (agent-runtime does the same from the store).
 */
export async function buildColdStartModel(
  kb: KnowledgeBase,
  weights: FusionWeights = FUSION_PRIOR,
): Promise<KnowledgeModel> {
  const articles = kb.articles.map((a) => ({ ...a, questions: [] }));
  const resolver = trainResolver(buildTrainingSet(articles, [], [], kb.passages));
  return buildKnowledgeModel({
    passages: kb.passages,
    titles: new Map(articles.map((a) => [a.id, a.title])),
    resolver,
    weights,
  });
}

/** Vouch as the agent answers: the best passage of the knowledge model and its calibrated confidence. */
export function vouchContender(weights: FusionWeights = FUSION_PRIOR): KbContender {
  return {
    name: "Vouch",
    description:
      "the agent's knowledge model: BM25+ over passages (MiniSearch, Vouch's terms) fused with the resolver trained on titles, headings and passage openings; fusion-prior.ts weights; top passage's article and its calibrated confidence",
    async build(kb) {
      const model = await buildColdStartModel(kb, weights);
      return (question) => {
        const top = model.explain(question, 1);
        const best = top.ranked[0];
        return {
          sourceId: best?.passage.sourceId ?? null,
          ...(best ? { passageId: best.passage.id } : {}),
          confidence: top.confidence,
        };
      };
    },
  };
}
