import { sha256Hex } from "../../shared/hash.js";

/**
 * A passage: one answerable piece of a knowledge source, the unit the agent ranks, quotes and cites.
 * Articles are split into passages (split-passages.ts); a learned answer is one passage.
 */
export interface Passage {
  /** See {@link passageId}. Stable for unchanged text, so it can be recorded on decisions and in the ledger. */
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

/** Anchors used in ids as they are: what the ledger's id syntax allows, and short. */
const PLAIN_ANCHOR = /^[a-z0-9_-]{1,64}$/;

/**
 * A passage's id: `${sourceId}:${anchor}` for the first passage of a section and `${sourceId}:${anchor}.${n}`
 * (n = 2, 3, …) for the next; the anchor is "" before the first heading (`art_…:`, `art_…:.2`). An anchor
 * outside the ledger's id characters (a heading in another script) or longer than 64 characters is
 * replaced by `h` and the first 12 hex digits of its SHA-256, so every id is a valid ledger id.
 */
export function passageId(sourceId: string, anchor: string, n: number): string {
  const key = anchor === "" || PLAIN_ANCHOR.test(anchor) ? anchor : `h${sha256Hex(anchor).slice(0, 12)}`;
  return `${sourceId}:${key}${n > 1 ? `.${n}` : ""}`;
}
