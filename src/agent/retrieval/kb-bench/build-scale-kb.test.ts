import { describe, expect, it } from "vitest";
import { buildScaleArticles } from "./build-scale-kb.js";
import { TINY_ARTICLES } from "./test-support/tiny-kb.js";

const ARTICLES = TINY_ARTICLES.map(({ id, slug, title, body }) => ({ id, slug, title, body }));

describe("buildScaleArticles", () => {
  const big = buildScaleArticles(ARTICLES, 3);

  it("keeps the articles and adds copies with their own ids and slugs", () => {
    expect(big).toHaveLength(ARTICLES.length * 3);
    expect(big.slice(0, ARTICLES.length)).toEqual(ARTICLES);
    expect(new Set(big.map((a) => a.id)).size).toBe(big.length);
    expect(big.map((a) => a.slug)).toContain("invoices-3");
  });

  it("rewrites words so no two texts are the same, keeping the Markdown's shape", () => {
    expect(new Set(big.map((a) => a.body)).size).toBe(big.length);
    const shape = (s: string) => s.replace(/\b[a-z]{4,}\b/g, "w");
    for (const a of big.slice(ARTICLES.length)) {
      const original = ARTICLES.find((o) => a.id.startsWith(`${o.id}-`));
      expect(original).toBeDefined();
      expect(shape(a.body)).toBe(shape(original?.body ?? ""));
      expect(shape(a.title)).toBe(shape(original?.title ?? ""));
    }
  });

  it("is deterministic for a seed", () => {
    expect(buildScaleArticles(ARTICLES, 3)).toEqual(big);
    expect(buildScaleArticles(ARTICLES, 3, 2)).not.toEqual(big);
  });

  it("refuses a copy count that is not a whole number ≥ 1", () => {
    for (const copies of [0, 1.5, -2]) {
      expect(() => buildScaleArticles(ARTICLES, copies)).toThrowError(
        expect.objectContaining({ code: "VALIDATION_FAILED" }),
      );
    }
  });
});
