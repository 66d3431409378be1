import { sha256Hex, stableStringify } from "../../shared/hash.js";
import {
  applyCalibrator,
  type Calibrator,
  type Candidate,
  calibratorLogit,
  type Resolution,
  type ResolverModel,
} from "../resolver/index.js";
import { LexicalIndex } from "./lexical-index.js";
import type { Passage } from "./passage.js";

/**
 * How the two rankers' evidence is weighed (see fusion-prior.ts for the values and where they come from):
 * `rank` scores each candidate passage, `confidence` turns the best one's evidence into the probability
 * that it answers the question.
 */
export interface FusionWeights {
  /**
   * bias + w·[coverage, lexical share, learned probability, learned top, breadth]: the passage's ranking
   * logit (the weights are chosen for the best top-1 passage; only their order matters).
   */
  readonly rank: Calibrator;
  /**
   * σ(bias + w·[rank logit, margin over the best other source, coverage, learned confidence if the
   * resolver's top source is the passage's, both rankers' top source is the passage's, uncovered]): the
   * best passage is right.
   */
  readonly confidence: Calibrator;
}

/** One passage the model weighed for a question, with the evidence of each ranker. */
export interface RankedPassage {
  readonly passage: Passage;
  /** Its BM25+ score (0 when only the learned resolver proposed it). */
  readonly lexical: number;
  /** Share of the question's term weight it covers, in [0, 1]. */
  readonly coverage: number;
  /** Relative IDF of the rarest question term it lacks, in [0, 1] (LexicalHit.uncovered). */
  readonly uncovered: number;
  /** The learned resolver's probability for its source (article or learned answer), 0 if not ranked. */
  readonly learned: number;
  /** The rank features, in FusionWeights.rank's order. */
  readonly features: readonly number[];
  /** The fused ranking logit. */
  readonly fused: number;
}

/** A question's full ranking: what `vouch ask --explain` prints and what a decision records. */
export interface KnowledgeExplanation {
  readonly ranked: readonly RankedPassage[];
  /** The learned resolver's own view (source labels). */
  readonly resolver: Resolution;
  /** The confidence signals of the best passage (inputs of FusionWeights.confidence). */
  readonly signals: readonly number[];
  /** Probability that ranked[0] answers the question. */
  readonly confidence: number;
}

/** A candidate passage with its evidence, before the weights rank it. */
type GatheredPassage = Omit<RankedPassage, "fused">;

/** Everything a question's ranking depends on except the weights: what fitting the weights re-scores. */
export interface GatheredEvidence {
  readonly candidates: readonly GatheredPassage[];
  readonly resolver: Resolution;
  /** The source of the best lexical hit, if any. */
  readonly lexicalTop: string | undefined;
}

/** The agent's model of a tenant's knowledge: a resolver over passages, with the ranking behind it. */
export interface KnowledgeModel extends ResolverModel {
  readonly passages: ReadonlyMap<string, Passage>;
  explain(text: string, limit?: number): KnowledgeExplanation;
  /** The weight-free evidence for a question (for fitting FusionWeights). */
  gather(text: string): GatheredEvidence;
}

/** Version of the retrieval algorithm: in every model digest, so a change to it is a new agent version. */
export const RETRIEVAL_VERSION = "passages-bm25-fusion-2";

/** Resolver sources ranked per question: its top ten carry all the probability that matters. */
const LEARNED_CANDIDATES = 10;
/** Margin used when no passage of another source was found at all. */
const LONE_MARGIN = 6;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Build the knowledge model of one tenant at one revision: lexical retrieval over every passage fused with
 * the learned resolver over the same sources (trained from titles, headings, passage text, example and
 * approved questions). Candidates are every passage the question matches lexically plus, for each source
 * the resolver ranks, that source's first passage when none of its passages matches; each is scored by
 * the rank weights, and the best one's evidence is calibrated into the confidence.
 */
export async function buildKnowledgeModel(input: {
  readonly passages: readonly Passage[];
  readonly titles: ReadonlyMap<string, string>;
  readonly resolver: ResolverModel;
  readonly weights: FusionWeights;
}): Promise<KnowledgeModel> {
  const { resolver, weights } = input;
  const lexical = await LexicalIndex.build(input.passages, input.titles);
  const passages = new Map(input.passages.map((p) => [p.id, p]));
  const firstOf = new Map<string, Passage>();
  for (const p of input.passages) if (!firstOf.has(p.sourceId)) firstOf.set(p.sourceId, p);

  const gather = (text: string): GatheredEvidence => {
    const resolution = resolver.resolve(text, LEARNED_CANDIDATES);
    const learned = new Map(resolution.candidates.map((c) => [c.label, c.score]));
    const learnedTop = resolution.candidates[0]?.label;
    const hits = lexical.search(text);
    const best = hits[0]?.score ?? 0;
    // Each source's evidence beyond its best passage: the sum of its three best relative scores.
    const breadth = new Map<string, number>();
    const counted = new Map<string, number>();
    for (const h of hits) {
      const n = counted.get(h.passage.sourceId) ?? 0;
      if (n < 3) breadth.set(h.passage.sourceId, (breadth.get(h.passage.sourceId) ?? 0) + h.score / best);
      counted.set(h.passage.sourceId, n + 1);
    }
    const candidates: GatheredPassage[] = [];
    const add = (passage: Passage, score: number, coverage: number, uncovered: number) => {
      const p = learned.get(passage.sourceId) ?? 0;
      const features = [
        coverage,
        best > 0 ? score / best : 0,
        p,
        passage.sourceId === learnedTop ? 1 : 0,
        breadth.get(passage.sourceId) ?? 0,
      ];
      candidates.push({ passage, lexical: score, coverage, uncovered, learned: p, features });
    };
    for (const h of hits) add(h.passage, h.score, h.coverage, h.uncovered);
    for (const c of resolution.candidates) {
      const first = firstOf.get(c.label);
      if (first && !counted.has(c.label)) add(first, 0, 0, 1);
    }
    return { candidates, resolver: resolution, lexicalTop: hits[0]?.passage.sourceId };
  };

  const explain = (text: string, limit = 5) => rankEvidence(gather(text), weights, limit);
  return {
    // What ranks: this algorithm's version, the resolver (its training data and options) and the weights.
    // The passages' text is the caller's to digest with the answers it quotes (agent-runtime does).
    digest: sha256Hex(`${RETRIEVAL_VERSION}\n${resolver.digest}\n${stableStringify(weights)}`),
    labelCount: passages.size,
    exampleCount: resolver.exampleCount,
    passages,
    explain,
    gather,
    resolve(text: string, limit = 5): Resolution {
      const e = explain(text, limit);
      const candidates = e.ranked.slice(0, limit).map(
        (r): Candidate => ({
          label: r.passage.id,
          score: sigmoid(r.fused),
          evidence: { lexical: r.lexical, coverage: r.coverage, learned: r.learned },
        }),
      );
      return { candidates, confidence: e.confidence };
    },
  };
}

/**
 * Rank gathered evidence with `weights` and calibrate the best passage's: pure, so fitting the weights
 * re-scores stored evidence instead of searching again.
 */
export function rankEvidence(
  evidence: GatheredEvidence,
  weights: FusionWeights,
  limit = 5,
): KnowledgeExplanation {
  // Sorted as indices and scores; only the passages returned become objects (this runs on every message).
  const { candidates } = evidence;
  const fused = candidates.map((c) => calibratorLogit(weights.rank, c.features));
  const order = candidates.map((_, i) => i);
  const idOf = (i: number) => candidates[i]?.passage.id ?? "";
  order.sort((a, b) => (fused[b] ?? 0) - (fused[a] ?? 0) || (idOf(a) < idOf(b) ? -1 : 1));
  // i comes from `order`, so candidates[i] exists.
  const rankedAt = (i: number): RankedPassage => ({
    ...(candidates[i] as GatheredPassage),
    fused: fused[i] ?? 0,
  });
  const ranked = order.slice(0, Math.max(limit, 1)).map(rankedAt);
  const top = ranked[0];
  const resolution = evidence.resolver;
  if (!top) return { ranked, resolver: resolution, signals: [], confidence: 0 };
  const source = top.passage.sourceId;
  const otherAt = order.find((i) => candidates[i]?.passage.sourceId !== source);
  const other = otherAt === undefined ? undefined : { fused: fused[otherAt] ?? 0 };
  const learnedTop = resolution.candidates[0]?.label;
  const signals = [
    top.fused,
    other ? top.fused - other.fused : LONE_MARGIN,
    top.coverage,
    learnedTop === source ? resolution.confidence : 0,
    evidence.lexicalTop === source && learnedTop === source ? 1 : 0,
    top.uncovered,
  ];
  return {
    ranked,
    resolver: resolution,
    signals,
    confidence: applyCalibrator(weights.confidence, signals),
  };
}
