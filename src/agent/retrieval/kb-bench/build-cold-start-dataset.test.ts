import { describe, expect, it } from "vitest";
import type { ArticleKnowledge } from "../../ports.js";
import { buildColdStartDataset } from "./build-cold-start-dataset.js";
import { TINY_ARTICLES, TINY_OUT_OF_SCOPE } from "./test-support/tiny-kb.js";

describe("buildColdStartDataset", () => {
  const data = buildColdStartDataset(TINY_ARTICLES, TINY_OUT_OF_SCOPE, { seed: 7 });

  it("takes the example questions out of the articles", () => {
    expect(data.articles.map((a) => a.id)).toEqual(TINY_ARTICLES.map((a) => a.id));
    for (const a of data.articles) expect(Object.keys(a).sort()).toEqual(["body", "id", "slug", "title"]);
  });

  it("gives the same halves for the same seed, other halves for another", () => {
    expect(buildColdStartDataset(TINY_ARTICLES, TINY_OUT_OF_SCOPE, { seed: 7 })).toEqual(data);
    const others = [1, 2, 3, 4].map((seed) =>
      buildColdStartDataset(TINY_ARTICLES, TINY_OUT_OF_SCOPE, { seed }),
    );
    expect(others.some((o) => JSON.stringify(o.test) !== JSON.stringify(data.test))).toBe(true);
  });

  it("halves each article's questions and the out-of-scope ones (stratified)", () => {
    for (const a of [...TINY_ARTICLES.map((x) => x.id), null]) {
      const v = data.validation.filter((q) => q.sourceId === a).length;
      const t = data.test.filter((q) => q.sourceId === a).length;
      const all =
        a === null ? TINY_OUT_OF_SCOPE.length : TINY_ARTICLES.find((x) => x.id === a)?.questions.length;
      expect(v + t).toBe(all);
      expect(Math.abs(v - t)).toBeLessThanOrEqual(1);
    }
  });

  it("puts no question in both halves and loses none", () => {
    const v = new Set(data.validation.map((q) => q.question));
    expect(data.test.filter((q) => v.has(q.question))).toEqual([]);
    const every = [...TINY_ARTICLES.flatMap((a) => a.questions), ...TINY_OUT_OF_SCOPE];
    expect([...data.validation, ...data.test].map((q) => q.question).sort()).toEqual([...every].sort());
    for (const q of [...data.validation, ...data.test]) {
      const owner = TINY_ARTICLES.find((a) => a.questions.includes(q.question));
      expect(q.sourceId).toBe(owner?.id ?? null);
    }
  });

  it("drops a text with two answers and keeps one copy of a repeated text", () => {
    const articles: ArticleKnowledge[] = [
      {
        id: "art_a",
        slug: "a",
        title: "A",
        body: "a",
        questions: ["How do I pay?", "pay by card", "Pay by card!"],
      },
      { id: "art_b", slug: "b", title: "B", body: "b", questions: ["how do i pay", "refund please", "..."] },
    ];
    const d = buildColdStartDataset(articles, ["tell me a joke", "Refund please"]);
    const texts = [...d.validation, ...d.test].map((q) => q.question).sort();
    expect(texts).toEqual(["pay by card", "tell me a joke"]);
    expect(d.dropped).toEqual({ ambiguous: 5, repeated: 1 });
  });

  it("refuses repeated article ids and a dataset without either kind of question", () => {
    const a = TINY_ARTICLES[0];
    if (!a) throw new Error("fixture");
    expect(() => buildColdStartDataset([a, a], TINY_OUT_OF_SCOPE)).toThrowError(
      expect.objectContaining({ code: "DATASET_INVALID", message: expect.stringContaining("repeats") }),
    );
    expect(() => buildColdStartDataset([{ ...a, questions: [] }], TINY_OUT_OF_SCOPE)).toThrowError(
      expect.objectContaining({ code: "DATASET_INVALID" }),
    );
    expect(() => buildColdStartDataset([a], [])).toThrowError(
      expect.objectContaining({ code: "DATASET_INVALID", message: expect.stringContaining("out-of-scope") }),
    );
  });
});
