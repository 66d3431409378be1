/**
 * The cold-start benchmark's data: a knowledge base whose example questions have been taken out, and those
 * questions as the test queries, labelled with their article, beside out-of-scope questions nothing in it
 * answers. Each is split, with a seed, into a validation half (for choosing thresholds and fitting
 * anything) and a test half (for reporting only).
 */

import { VouchError } from "../../../shared/errors.js";
import { sha256Hex } from "../../../shared/hash.js";
import type { ArticleKnowledge } from "../../ports.js";
import { tokenize } from "../../resolver/normalize-text.js";
import { createRandom, shuffle } from "../../resolver/train-softmax.js";
import type { KbArticle, KbQuery } from "./types.js";

/** The cold-start benchmark's knowledge base and queries. */
export interface ColdStartDataset {
  /** The articles, without their example questions. */
  readonly articles: readonly KbArticle[];
  /** About half of each article's example questions, and half of the out-of-scope ones. */
  readonly validation: readonly KbQuery[];
  /** The other halves: no question text is in both. */
  readonly test: readonly KbQuery[];
  readonly seed: number;
  /**
   * Questions left out so that a text has one right answer and sits in one half: a text with no word, a
   * text given as an example of two articles or both as an example and out of scope (`ambiguous`, every
   * copy), and each further copy of a text already taken (`repeated`).
   */
  readonly dropped: { readonly ambiguous: number; readonly repeated: number };
}

export interface ColdStartOptions {
  /** Seed of the split; the same seed and input give the same halves. Default 1. */
  readonly seed?: number;
}

/** Two texts that tokenise alike are one question (case, punctuation and spacing aside). */
const keyOf = (text: string): string => tokenize(text).join(" ");

/** A random stream per group, from the seed and the group's name: a group's split ignores the others. */
const randomFor = (seed: number, group: string): (() => number) =>
  createRandom(Number.parseInt(sha256Hex(`${seed}:${group}`).slice(0, 8), 16));

/**
 * Shuffles `items` and cuts them in two halves; an odd one out goes to either half with equal chance, so
 * neither half is larger by construction.
 */
function halve<T>(items: readonly T[], rand: () => number): [T[], T[]] {
  const order = shuffle([...items], rand);
  const cut = Math.floor(order.length / 2) + (order.length % 2 === 1 && rand() < 0.5 ? 1 : 0);
  return [order.slice(0, cut), order.slice(cut)];
}

/**
 * Builds the cold-start dataset from the knowledge base as written (`articles` with their example
 * questions) and out-of-scope questions (CLINC150's oos_test in the bench). Each article's questions are
 * halved on their own (stratified), so every article has about as many validation as test queries.
 * Throws DATASET_INVALID when article ids repeat or either kind of question is missing.
 */
export function buildColdStartDataset(
  articles: readonly ArticleKnowledge[],
  outOfScope: readonly string[],
  { seed = 1 }: ColdStartOptions = {},
): ColdStartDataset {
  const ids = new Set<string>();
  for (const a of articles) {
    if (ids.has(a.id))
      throw new VouchError("DATASET_INVALID", `cold-start dataset: article id ${a.id} repeats`);
    ids.add(a.id);
  }
  // Which answer each question text has: an article id, null (out of scope), or undefined once ambiguous.
  const answerOf = new Map<string, string | null | undefined>();
  const claim = (key: string, answer: string | null): void => {
    if (!key) return;
    const had = answerOf.get(key);
    if (!answerOf.has(key)) answerOf.set(key, answer);
    else if (had !== answer) answerOf.set(key, undefined);
  };
  for (const a of articles) for (const q of a.questions) claim(keyOf(q), a.id);
  for (const q of outOfScope) claim(keyOf(q), null);

  let ambiguous = 0;
  let repeated = 0;
  const taken = new Set<string>();
  const usable = (text: string): boolean => {
    const key = keyOf(text);
    if (!key || answerOf.get(key) === undefined) {
      ambiguous++;
      return false;
    }
    if (taken.has(key)) {
      repeated++;
      return false;
    }
    taken.add(key);
    return true;
  };

  const validation: KbQuery[] = [];
  const test: KbQuery[] = [];
  for (const a of articles) {
    const [v, t] = halve(a.questions.filter(usable), randomFor(seed, a.id));
    validation.push(...v.map((question) => ({ question, sourceId: a.id })));
    test.push(...t.map((question) => ({ question, sourceId: a.id })));
  }
  const inScope = validation.length + test.length;
  const [v, t] = halve(outOfScope.filter(usable), randomFor(seed, "out of scope"));
  validation.push(...v.map((question) => ({ question, sourceId: null })));
  test.push(...t.map((question) => ({ question, sourceId: null })));
  if (inScope === 0) {
    throw new VouchError(
      "DATASET_INVALID",
      "cold-start dataset: no article has an example question to test with",
    );
  }
  if (validation.length + test.length === inScope) {
    throw new VouchError("DATASET_INVALID", "cold-start dataset: no out-of-scope questions to test with");
  }
  return {
    articles: articles.map(({ id, slug, title, body }) => ({ id, slug, title, body })),
    validation,
    test,
    seed,
    dropped: { ambiguous, repeated },
  };
}
