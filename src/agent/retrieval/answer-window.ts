import { lexer } from "marked";
import type { Passage } from "./passage.js";

/** A paragraph this short rarely answers alone: it usually introduces what follows it. */
const SHORT_PARAGRAPH_CHARS = 200;

/**
 * The passages to quote for a hit, in order: the hit, and the one neighbour of its section that
 * completes it when both fit in `maxChars` of Markdown — after a short paragraph, the passage that
 * follows; before a list, table or code block without its own lead-in, the paragraph that introduces
 * it. Never a passage of another section (source and anchor), so a quote stays on one topic; a hit
 * longer than `maxChars` is quoted alone.
 */
export function answerWindow(passages: readonly Passage[], hit: Passage, maxChars = 1200): Passage[] {
  const companion = companionOf(passages, hit);
  if (!companion || hit.markdown.length + companion.markdown.length > maxChars) return [hit];
  return companion.position < hit.position ? [companion, hit] : [hit, companion];
}

function companionOf(passages: readonly Passage[], hit: Passage): Passage | undefined {
  if (hit.kind === "paragraph" && hit.text.length < SHORT_PARAGRAPH_CHARS) {
    return neighbour(passages, hit, 1);
  }
  if ((hit.kind === "list" || hit.kind === "table" || hit.kind === "code") && !hasLeadIn(hit)) {
    const before = neighbour(passages, hit, -1);
    return before?.kind === "paragraph" ? before : undefined;
  }
  return undefined;
}

/** The passage `offset` positions away in the hit's own section, if there is one. */
function neighbour(passages: readonly Passage[], hit: Passage, offset: number): Passage | undefined {
  return passages.find(
    (p) => p.sourceId === hit.sourceId && p.anchor === hit.anchor && p.position === hit.position + offset,
  );
}

/** Whether the splitter joined a lead-in paragraph to this block: its Markdown opens with a paragraph. */
function hasLeadIn(passage: Passage): boolean {
  return lexer(passage.markdown).find((token) => token.type !== "space")?.type === "paragraph";
}
