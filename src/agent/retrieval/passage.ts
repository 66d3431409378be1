/**
 * A passage: one answerable piece of a knowledge source, the unit the agent ranks, quotes and cites.
 * Articles are split into passages (split-passages.ts); a learned answer is one passage.
 */
export interface Passage {
  /**
   * `${sourceId}#${anchor}` for the first passage of a section, `${sourceId}#${anchor}~${n}` (n = 2, 3, …)
   * for the next ones; `anchor` is "" for the text before the first heading. Stable for unchanged text,
   * so it can be recorded on decisions and learned from.
   */
  readonly id: string;
  /** The article (`art_…`) or learned answer (`ex_…`) it comes from. */
  readonly sourceId: string;
  readonly kind: PassageKind;
  /**
   * The section's anchor, as help centres and GitHub derive it from the heading text (lower case, spaces
   * to hyphens, punctuation dropped, `-1`, `-2` … for repeated headings); "" before the first heading.
   */
  readonly anchor: string;
  /** The headings above the passage, outermost first, without the article's title (`#`). */
  readonly headings: readonly string[];
  /** The passage exactly as written in the source, Markdown (extractive: nothing added). */
  readonly markdown: string;
  /** Its plain text (Markdown syntax removed), for indexing and for plain-text channels. */
  readonly text: string;
  /** Order within the source, from 0: adjacent passages have adjacent positions. */
  readonly position: number;
}

export type PassageKind =
  | "paragraph"
  | "list"
  | "table"
  | "code"
  | "quote"
  | "faq" // a question (a heading or bold line ending in "?") with its answer
  | "learned"; // an answer a person wrote, approved for the agent
