import { type Passage, passageId } from "../../passage.js";
import type { KbArticle } from "../types.js";

/**
 * A minimal stand-in for the passage splitter, for tests only: one passage per blank-line-separated
 * block, under the headings above it. It knows nothing of lists, tables, code or FAQs.
 */
export function splitParagraphs(article: KbArticle): Passage[] {
  const passages: Passage[] = [];
  const headings: string[] = [];
  const seen = new Map<string, number>();
  const perAnchor = new Map<string, number>();
  let anchor = "";
  for (const block of article.body.split(/\n\s*\n/)) {
    const markdown = block.trim();
    if (!markdown) continue;
    const heading = /^(#{1,6})\s+(.+)$/.exec(markdown);
    if (heading && !markdown.includes("\n")) {
      const level = heading[1]?.length ?? 1;
      const title = heading[2]?.trim() ?? "";
      if (level === 1) continue;
      headings.length = Math.max(0, Math.min(headings.length, level - 2));
      headings.push(title);
      const base = title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, "")
        .replace(/\s/g, "-");
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchor = n === 0 ? base : `${base}-${n}`;
      continue;
    }
    const n = (perAnchor.get(anchor) ?? 0) + 1;
    perAnchor.set(anchor, n);
    passages.push({
      id: passageId(article.id, anchor, n),
      sourceId: article.id,
      kind: "paragraph",
      anchor,
      headings: [...headings],
      markdown,
      text: markdown
        .replace(/[#*_`>|[\]()-]+/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
      position: passages.length,
    });
  }
  return passages;
}
