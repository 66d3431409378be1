/**
 * The knowledge benchmark (issue 14): Vouch's retriever against peers on a cold-start knowledge base and
 * at tenant scale. bench/knowledge.ts is its runner; the dataset builder is exported for fitting on the
 * validation split.
 */

export { buildColdStartDataset, type ColdStartDataset } from "./build-cold-start-dataset.js";
export { buildKnowledgeBase } from "./build-knowledge-base.js";
export type { KbContenderResult } from "./evaluate-kb-contender.js";
export { fitFusionPrior } from "./fit-fusion-prior.js";
export { formatKnowledgeBenchMarkdown, formatProportion } from "./format-kb-report.js";
export { type KbBenchReport, runKnowledgeBench } from "./run-kb-bench.js";
export type {
  KbAnswerer,
  KbArticle,
  KbContender,
  KbQuery,
  KbQuestionAnswer,
  KnowledgeBase,
  SplitArticle,
} from "./types.js";
export { vouchContender } from "./vouch-contender.js";
