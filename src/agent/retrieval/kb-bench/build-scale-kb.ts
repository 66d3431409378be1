import { VouchError } from "../../../shared/errors.js";
import { sha256Hex } from "../../../shared/hash.js";
import { createRandom, shuffle } from "../../resolver/train-softmax.js";
import type { KbArticle } from "./types.js";

/** The words the copies rewrite: lower-case runs of four letters or more (no Markdown syntax, no names). */
const WORD = /\b[a-z]{4,}\b/g;

/**
 * A large knowledge base made from a small one, for timing at tenant scale: the articles as they are,
 * then `copies - 1` more of each in which every lower-case word of four letters or more is replaced
 * through a seeded permutation of the knowledge base's own vocabulary (one permutation per copy). The
 * copies keep the originals' structure, lengths and word frequencies, but no two are the same text, so
 * an index cannot share their postings. Deterministic for a seed. Ids and slugs of copy n (from 2) end
 * in `-n`.
 */
export function buildScaleArticles(articles: readonly KbArticle[], copies: number, seed = 1): KbArticle[] {
  if (!Number.isInteger(copies) || copies < 1) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `scale knowledge base: copies must be a whole number ≥ 1, not ${copies}`,
    );
  }
  const vocabulary = [
    ...new Set(articles.flatMap((a) => [...`${a.title}\n${a.body}`.matchAll(WORD)].map((m) => m[0]))),
  ].sort();
  const out = [...articles];
  for (let n = 2; n <= copies; n++) {
    const rand = createRandom(Number.parseInt(sha256Hex(`${seed}:copy ${n}`).slice(0, 8), 16));
    const permuted = shuffle([...vocabulary], rand);
    const swap = new Map(vocabulary.map((w, i) => [w, permuted[i] ?? w]));
    const rewrite = (text: string): string => text.replace(WORD, (w) => swap.get(w) ?? w);
    for (const a of articles) {
      out.push({
        id: `${a.id}-${n}`,
        slug: `${a.slug}-${n}`,
        title: rewrite(a.title),
        body: rewrite(a.body),
      });
    }
  }
  return out;
}
