/**
 * The knowledge benchmark's contract with what it measures: a knowledge base (articles and their
 * passages) and the contenders that answer questions over it. Leaf types, shared by the whole folder.
 */

import type { Passage } from "../passage.js";

/** An article as a contender sees it: no example questions (a cold-start knowledge base has none). */
export interface KbArticle {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  /** Markdown. */
  readonly body: string;
}

/** What a contender builds its answerer from: the articles and the passages they were split into. */
export interface KnowledgeBase {
  readonly articles: readonly KbArticle[];
  readonly passages: readonly Passage[];
}

/** Splits one article into passages: the passage splitter, passed in by whoever runs the bench. */
export type SplitArticle = (article: KbArticle) => readonly Passage[];

/** A contender's answer to one question: the article it answers with (null: nothing) and how sure it is. */
export interface KbQuestionAnswer {
  readonly sourceId: string | null;
  /** The passage it would quote, when it ranks passages; not scored (the article is). */
  readonly passageId?: string;
  /** In [0, 1]: its estimate of the probability that `sourceId` answers the question. */
  readonly confidence: number;
}

/** Answers one question, synchronously (the bench times each call). */
export type KbAnswerer = (question: string) => KbQuestionAnswer;

/** Something the bench can build over a knowledge base and evaluate: Vouch's retriever or a peer. */
export interface KbContender {
  readonly name: string;
  /** One line for the report: what was configured and how its scores become a confidence. */
  readonly description: string;
  build(kb: KnowledgeBase): Promise<KbAnswerer>;
}

/** A benchmark question and the article that answers it (null: out of scope, the right move is to escalate). */
export interface KbQuery {
  readonly question: string;
  readonly sourceId: string | null;
}
