/**
 * The knowledge benchmark's peers over the same knowledge base as Vouch: two JavaScript search libraries
 * over the same passages (their default BM25 search; the top passage's article is the answer) and the
 * resolver alone, which is what the product answers with on a cold-start knowledge base today.
 */

import { buildTrainingSet } from "../../build-training-set.js";
import { importPeer } from "../../resolver/peer-resolvers.js";
import { trainResolver } from "../../resolver/train-resolver.js";
import type { Passage } from "../passage.js";
import { scoreConfidence } from "./fit-score-scale.js";
import type { KbAnswerer, KbContender, KnowledgeBase } from "./types.js";

/** A search library's best passage for a question, with its raw relevance score; null when none matched. */
type PassageSearch = (question: string) => { readonly passage: Passage; readonly score: number } | null;

/** A search library over passages, before its scores are turned into confidences. */
export interface SearchPeer {
  readonly name: string;
  /** What is indexed and how it is searched, for the report. */
  readonly method: string;
  index(kb: KnowledgeBase): Promise<PassageSearch>;
}

/** What both libraries index per passage: its article's title and headings, and its text. */
function documentsOf(kb: KnowledgeBase): { id: string; title: string; text: string }[] {
  const titles = new Map(kb.articles.map((a) => [a.id, a.title]));
  return kb.passages.map((p) => ({
    id: p.id,
    title: [titles.get(p.sourceId) ?? "", ...p.headings].join(" "),
    text: p.text,
  }));
}

function passageLookup(kb: KnowledgeBase): (id: string | number) => Passage | undefined {
  const byId = new Map(kb.passages.map((p) => [p.id, p]));
  return (id) => byId.get(String(id));
}

/** MiniSearch with its defaults (BM25+, no prefix or fuzzy matching, OR of the question's terms). */
export const MINISEARCH_PEER: SearchPeer = {
  name: "MiniSearch",
  method:
    "minisearch 7, default options (BM25+, OR, no prefix or fuzzy) over fields title (article title + headings) and text of each passage",
  async index(kb) {
    const { default: MiniSearch } = await importPeer("minisearch", () => import("minisearch"));
    const index = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ["title", "text"] });
    index.addAll(documentsOf(kb));
    const passage = passageLookup(kb);
    return (question) => {
      const top = index.search(question)[0];
      const p = top && passage(top.id);
      return p && top.score > 0 ? { passage: p, score: top.score } : null;
    };
  },
};

/** Orama with its default full-text search (BM25, every string property, any term may match). */
export const ORAMA_PEER: SearchPeer = {
  name: "Orama",
  method:
    "@orama/orama 3, default full-text search (BM25 k 1.2, b 0.75) over string properties title (article title + headings) and text of each passage",
  async index(kb) {
    const { create, insertMultiple, search } = await importPeer("@orama/orama", () => import("@orama/orama"));
    const db = create({ schema: { title: "string", text: "string" } as const });
    await insertMultiple(db, documentsOf(kb));
    const passage = passageLookup(kb);
    return (question) => {
      const res = search(db, { term: question, limit: 1 });
      if (res instanceof Promise) throw new Error("Orama searched asynchronously: no search hooks expected");
      const top = res.hits[0];
      const p = top && passage(top.id);
      return p && top.score > 0 ? { passage: p, score: top.score } : null;
    };
  },
};

/**
 * A search library as a contender: the top passage's article, confidence score / (score + `scale`)
 * (fit-score-scale.ts; the bench fits `scale` on the validation split).
 */
export function searchContender(peer: SearchPeer, scale: number): KbContender {
  return {
    name: peer.name,
    description: `${peer.method}; top passage's article, confidence = score / (score + ${scale.toPrecision(3)}), the scale fitted on validation (log loss)`,
    async build(kb): Promise<KbAnswerer> {
      const search = await peer.index(kb);
      return (question) => {
        const hit = search(question);
        return hit
          ? {
              sourceId: hit.passage.sourceId,
              passageId: hit.passage.id,
              confidence: scoreConfidence(hit.score, scale),
            }
          : { sourceId: null, confidence: 0 };
      };
    },
  };
}

/**
 * The resolver alone, as the product runs on a cold-start knowledge base today: trained on each article's
 * title and headings (no example questions), answering with its top article and calibrated confidence.
 * It does not read the passages.
 */
export const RESOLVER_ALONE: KbContender = {
  name: "Resolver alone",
  description:
    "the agent before passages: trainResolver on buildTrainingSet over the articles without example questions (titles + headings, no passage text), top article and its calibrated confidence",
  async build(kb) {
    const articles = kb.articles.map((a) => ({ ...a, questions: [] }));
    const model = trainResolver(buildTrainingSet(articles, [], [], []));
    return (question) => {
      const r = model.resolve(question, 1);
      return { sourceId: r.candidates[0]?.label ?? null, confidence: r.confidence };
    };
  },
};
