import { VouchError } from "../../../shared/errors.js";
import type { Passage } from "../passage.js";
import type { KbArticle, KnowledgeBase, SplitArticle } from "./types.js";

/**
 * Splits every article with `split` into the knowledge base the contenders build from. Throws
 * DATASET_INVALID when the splitter gives a passage of another article or an id twice, since every
 * figure of the bench would then be about something else.
 */
export function buildKnowledgeBase(articles: readonly KbArticle[], split: SplitArticle): KnowledgeBase {
  const passages: Passage[] = [];
  const ids = new Set<string>();
  for (const a of articles) {
    for (const p of split(a)) {
      if (p.sourceId !== a.id) {
        throw new VouchError(
          "DATASET_INVALID",
          `knowledge base: passage ${p.id} of article ${a.id} names source ${p.sourceId}`,
        );
      }
      if (ids.has(p.id))
        throw new VouchError("DATASET_INVALID", `knowledge base: passage id ${p.id} repeats`);
      ids.add(p.id);
      passages.push(p);
    }
  }
  return { articles, passages };
}
