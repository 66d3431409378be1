/**
 * The embedded resolver's contract with the rest of the agent. The pipeline only ever sees these types;
 * the algorithm behind them lives in this folder and may change without touching callers.
 */

/** One labelled utterance to learn from: a question and the answer target (label) that resolved it. */
export interface TrainingExample {
  readonly text: string;
  /** The answer target, e.g. `art_…` for a knowledge article or `ex_…` for a learned human answer. */
  readonly label: string;
  /** Relative weight (default 1). Article-derived text may count less than real customer questions. */
  readonly weight?: number;
}

export interface Candidate {
  readonly label: string;
  /** Model score for this label; comparable only within one resolution. */
  readonly score: number;
  /** Why, when the model ranks passages: each ranker's evidence (see retrieval/knowledge-model.ts). */
  readonly evidence?: CandidateEvidence;
}

/** A passage candidate's evidence from each ranker. */
export interface CandidateEvidence {
  /** BM25+ score of the passage's text, headings and title (0: only the learned resolver proposed it). */
  readonly lexical: number;
  /** Share of the question's term weight the passage covers, in [0, 1]. */
  readonly coverage: number;
  /** The learned resolver's probability for the passage's article or learned answer. */
  readonly learned: number;
}

export interface Resolution {
  /** The most likely answer targets, best first (at most k). Empty when the model has no labels. */
  readonly candidates: readonly Candidate[];
  /** Calibrated probability, in [0, 1], that candidates[0] is the right answer for the question. */
  readonly confidence: number;
}

export interface ResolverModel {
  /** Content hash of algorithm version, options and training data: equal digests behave identically. */
  readonly digest: string;
  /** Number of distinct labels learned. */
  readonly labelCount: number;
  /** Number of training examples learned from. */
  readonly exampleCount: number;
  /** Resolve a question. Pure and synchronous; must stay well under a millisecond at p99. */
  resolve(text: string, k?: number): Resolution;
}
