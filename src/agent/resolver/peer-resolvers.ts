/**
 * Peer resolvers for the bench: general-purpose JavaScript search libraries used as k-nearest-neighbour
 * classifiers over the same training history (each training utterance indexed with its label; a query's
 * top-k hits vote for their labels with their scores). This is how such libraries are typically pressed
 * into service for FAQ matching, and it gives the bench an honest external yardstick.
 *
 * The libraries are dev dependencies, loaded on demand, so the production CLI never needs them unless the
 * bench is asked for them.
 */

import type { TrainingExample } from "./types.js";

/** A top prediction and its confidence in [0, 1]; label null when nothing matched. */
interface Answer {
  readonly label: string | null;
  readonly confidence: number;
}

/** Answers one question; may be async (the bench awaits it inside the timed region). */
export type Answerer = (text: string) => Answer | Promise<Answer>;

/** Something the bench can train and evaluate: Vouch's resolver or a peer. */
export interface Contender {
  readonly name: string;
  /** One line for the report: what was configured and how scores were turned into a confidence. */
  readonly description: string;
  train(examples: readonly TrainingExample[]): Promise<Answerer>;
}

/** Names accepted by `--peers`. */
export const PEER_NAMES = ["minisearch", "orama", "flexsearch"] as const;
/** A peer library name. */
export type PeerName = (typeof PEER_NAMES)[number];

/** Hits that vote: the k best matches of the library, each with its label and score. */
const K = 10;

/**
 * Turns ranked hits into an answer: each hit adds its score to its label; the label with the most votes
 * wins and the confidence is its share of all votes. A share, not a raw score, because BM25-style scores
 * are not comparable across queries, while the share means the same thing for every library.
 */
export function voteHits(hits: readonly { label: string; score: number }[]): Answer {
  const votes = new Map<string, number>();
  let total = 0;
  for (const h of hits) {
    if (!(h.score > 0)) continue;
    votes.set(h.label, (votes.get(h.label) ?? 0) + h.score);
    total += h.score;
  }
  let label: string | null = null;
  let best = 0;
  for (const [l, v] of votes) {
    if (v > best) {
      best = v;
      label = l;
    }
  }
  return { label, confidence: total > 0 ? best / total : 0 };
}

/** Loads a peer library on demand; a missing one fails with its name and the reason. */
export async function importPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw new Error(
      `peer library "${name}" is not installed (it is a dev dependency): ${(err as Error).message}`,
    );
  }
}

const miniSearch: Contender = {
  name: "MiniSearch",
  description: `minisearch ${"7"}: BM25+ over the utterance field, default tokenizer, no fuzzy/prefix; top-${K} hits vote`,
  async train(examples) {
    const { default: MiniSearch } = await importPeer("minisearch", () => import("minisearch"));
    const index = new MiniSearch<{ id: number; text: string; label: string }>({
      fields: ["text"],
      storeFields: ["label"],
    });
    index.addAll(examples.map((e, id) => ({ id, text: e.text, label: e.label })));
    return (text) =>
      voteHits(
        index
          .search(text)
          .slice(0, K)
          .map((h) => ({ label: String(h.label), score: h.score })),
      );
  },
};

const orama: Contender = {
  name: "Orama",
  description: `@orama/orama 3: BM25 full-text search on a string field, limit ${K}; hits vote with their scores`,
  async train(examples) {
    const { create, insertMultiple, search } = await importPeer("@orama/orama", () => import("@orama/orama"));
    const db = create({ schema: { text: "string", label: "string" } as const });
    await insertMultiple(
      db,
      examples.map((e) => ({ text: e.text, label: e.label })),
    );
    return async (text) => {
      const res = await search(db, { term: text, properties: ["text"], limit: K });
      return voteHits(res.hits.map((h) => ({ label: String(h.document.label), score: h.score })));
    };
  },
};

const flexSearch: Contender = {
  name: "FlexSearch",
  description: `flexsearch 0.8: Index with forward tokenizer, suggest (partial) matching, limit ${K}; FlexSearch returns ranks only, so hit r votes 1/(r+1)`,
  async train(examples) {
    const { Index } = await importPeer("flexsearch", () => import("flexsearch"));
    const index = new Index({ tokenize: "forward" });
    const labels = examples.map((e) => e.label);
    examples.forEach((e, id) => {
      index.add(id, e.text);
    });
    return (text) => {
      const ids = index.search(text, { limit: K, suggest: true }) as readonly (string | number)[];
      return voteHits(ids.map((id, r) => ({ label: labels[Number(id)] ?? "", score: 1 / (r + 1) })));
    };
  },
};

/** The peer contenders by name. */
export const PEERS: Readonly<Record<PeerName, Contender>> = {
  minisearch: miniSearch,
  orama,
  flexsearch: flexSearch,
};
