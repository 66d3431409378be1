/**
 * The knowledge benchmark: Vouch's retriever and its peers on a cold-start knowledge base (articles
 * without example questions; those questions, and out-of-scope ones, as the queries), then each one's
 * indexing time, memory and latency on a knowledge base of about a thousand articles.
 */

import { cpus, totalmem } from "node:os";
import type { ArticleKnowledge } from "../../ports.js";
import { buildColdStartDataset, type ColdStartDataset } from "./build-cold-start-dataset.js";
import { buildKnowledgeBase } from "./build-knowledge-base.js";
import { buildScaleArticles } from "./build-scale-kb.js";
import { evaluateKbContender, type KbContenderResult } from "./evaluate-kb-contender.js";
import { fitScoreScale } from "./fit-score-scale.js";
import { type KbScaleResult, measureKbScale } from "./measure-kb-scale.js";
import {
  MINISEARCH_PEER,
  ORAMA_PEER,
  RESOLVER_ALONE,
  type SearchPeer,
  searchContender,
} from "./peer-contenders.js";
import type { KbContender, KbQuery, KnowledgeBase, SplitArticle } from "./types.js";

/** Copies of the demo's 77 articles in the scale knowledge base: 1,001 articles. */
const SCALE_COPIES = 13;

/**
 * At scale, every this-many-th validation question warms a contender up before the test questions are
 * timed: enough to compile the code paths without letting the slowest peer's warm-up dominate the run.
 */
const SCALE_WARM_UP_EVERY = 4;

/** Options of {@link runKnowledgeBench}. */
export interface KbBenchOptions {
  /** The passage splitter. */
  readonly split: SplitArticle;
  /**
   * Vouch's retriever. Without one, the product as it answers today (the resolver alone) stands in, so
   * the targets are checked against what ships.
   */
  readonly candidate?: KbContender;
  /** Seed of the validation/test split. Default 1. */
  readonly seed?: number;
  /** Copies of the articles in the scale knowledge base (default 13); 0 skips the scale part. */
  readonly scaleCopies?: number;
  readonly progress?: (line: string) => void;
}

/** The whole outcome; bench/knowledge.ts renders it and checks the targets. */
export interface KbBenchReport {
  readonly dataset: {
    readonly articles: number;
    readonly passages: number;
    readonly validation: { readonly inScope: number; readonly outOfScope: number };
    readonly test: { readonly inScope: number; readonly outOfScope: number };
    readonly dropped: ColdStartDataset["dropped"];
    readonly seed: number;
  };
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
  };
  /** The candidate first (`candidateStandsIn` says whether it is the resolver standing in), then the peers. */
  readonly contenders: readonly KbContenderResult[];
  readonly candidateStandsIn: boolean;
  /** Names of the search-library peers, the ones the candidate must beat. */
  readonly libraryPeers: readonly string[];
  readonly scale: {
    readonly articles: number;
    readonly passages: number;
    readonly questions: number;
    readonly results: readonly KbScaleResult[];
  } | null;
}

const count = (queries: readonly KbQuery[]) => ({
  inScope: queries.filter((q) => q.sourceId !== null).length,
  outOfScope: queries.filter((q) => q.sourceId === null).length,
});

/**
 * A search library as a contender with its score scale fitted on the validation queries: the scale that
 * makes score / (score + k) the best probability (log loss) that the top passage's article is right.
 */
export async function fitSearchContender(
  peer: SearchPeer,
  kb: KnowledgeBase,
  validation: readonly KbQuery[],
): Promise<KbContender> {
  const search = await peer.index(kb);
  const samples = validation.map((q) => {
    const hit = search(q.question);
    return { score: hit?.score ?? 0, correct: hit !== null && hit.passage.sourceId === q.sourceId };
  });
  return searchContender(peer, fitScoreScale(samples));
}

/**
 * Runs the benchmark on `articles` as written (with example questions) and `outOfScope` questions; throws
 * DATASET_INVALID when they cannot make a dataset or the splitter misbehaves.
 */
export async function runKnowledgeBench(
  articles: readonly ArticleKnowledge[],
  outOfScope: readonly string[],
  options: KbBenchOptions,
): Promise<KbBenchReport> {
  const progress = options.progress ?? (() => {});
  const data = buildColdStartDataset(articles, outOfScope, { seed: options.seed ?? 1 });
  const kb = buildKnowledgeBase(data.articles, options.split);
  progress(`knowledge: fitting the peers' score scales on ${data.validation.length} validation questions…`);
  const libraries = [
    await fitSearchContender(MINISEARCH_PEER, kb, data.validation),
    await fitSearchContender(ORAMA_PEER, kb, data.validation),
  ];
  const contenders = [
    options.candidate ?? RESOLVER_ALONE,
    ...(options.candidate ? [RESOLVER_ALONE] : []),
    ...libraries,
  ];
  const results: KbContenderResult[] = [];
  for (const c of contenders) results.push(await evaluateKbContender(c, kb, data, progress));

  const copies = options.scaleCopies ?? SCALE_COPIES;
  let scale: KbBenchReport["scale"] = null;
  if (copies > 0) {
    const big = buildKnowledgeBase(
      buildScaleArticles(data.articles, copies, options.seed ?? 1),
      options.split,
    );
    const measured: KbScaleResult[] = [];
    const warmUp = data.validation.filter((_, i) => i % SCALE_WARM_UP_EVERY === 0);
    for (const c of contenders) {
      progress(`${c.name}: ${big.articles.length} articles, ${big.passages.length} passages…`);
      measured.push(await measureKbScale(c, big, data.test, warmUp));
    }
    scale = {
      articles: big.articles.length,
      passages: big.passages.length,
      questions: data.test.length,
      results: measured,
    };
  }
  const cpu = cpus();
  return {
    dataset: {
      articles: kb.articles.length,
      passages: kb.passages.length,
      validation: count(data.validation),
      test: count(data.test),
      dropped: data.dropped,
      seed: data.seed,
    },
    machine: {
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    contenders: results,
    candidateStandsIn: options.candidate === undefined,
    libraryPeers: libraries.map((l) => l.name),
    scale,
  };
}
