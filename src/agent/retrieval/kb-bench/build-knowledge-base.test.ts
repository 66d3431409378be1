import { describe, expect, it } from "vitest";
import { buildKnowledgeBase } from "./build-knowledge-base.js";
import { splitParagraphs } from "./test-support/split-paragraphs.js";
import type { KbArticle } from "./types.js";

const ARTICLES: KbArticle[] = [
  { id: "art_a", slug: "a", title: "A", body: "# A\n\nFirst.\n\n## Part\n\nSecond." },
  { id: "art_b", slug: "b", title: "B", body: "Only one." },
];

describe("buildKnowledgeBase", () => {
  it("splits every article and keeps the articles", () => {
    const kb = buildKnowledgeBase(ARTICLES, splitParagraphs);
    expect(kb.articles).toBe(ARTICLES);
    expect(kb.passages.map((p) => p.id)).toEqual(["art_a:", "art_a:part", "art_b:"]);
  });

  it("refuses a passage of another article and a repeated passage id", () => {
    const foreign = (a: KbArticle) => splitParagraphs(a).map((p) => ({ ...p, sourceId: "art_x" }));
    expect(() => buildKnowledgeBase(ARTICLES, foreign)).toThrowError(
      expect.objectContaining({ code: "DATASET_INVALID" }),
    );
    const same = (a: KbArticle) => splitParagraphs(a).map((p) => ({ ...p, id: "p" }));
    expect(() => buildKnowledgeBase(ARTICLES, same)).toThrowError(
      expect.objectContaining({ code: "DATASET_INVALID" }),
    );
  });
});
