import { describe, expect, it } from "vitest";
import { formatKnowledgeBenchMarkdown } from "./format-kb-report.js";
import { runKnowledgeBench } from "./run-kb-bench.js";
import { splitParagraphs } from "./test-support/split-paragraphs.js";
import { TINY_ARTICLES, TINY_OUT_OF_SCOPE } from "./test-support/tiny-kb.js";
import type { KbContender } from "./types.js";

/** A candidate that knows every example question: the report must put it first and the resolver second. */
const ORACLE: KbContender = {
  name: "Oracle",
  description: "knows the example questions",
  async build() {
    const owner = new Map(TINY_ARTICLES.flatMap((a) => a.questions.map((q) => [q, a.id] as const)));
    return (question) => {
      const sourceId = owner.get(question) ?? null;
      return { sourceId, confidence: sourceId ? 1 : 0 };
    };
  },
};

describe("runKnowledgeBench", () => {
  it("lets the resolver alone stand in without a candidate, and measures scale", async () => {
    const lines: string[] = [];
    const r = await runKnowledgeBench(TINY_ARTICLES, TINY_OUT_OF_SCOPE, {
      split: splitParagraphs,
      scaleCopies: 2,
      progress: (l) => lines.push(l),
    });
    expect(r.candidateStandsIn).toBe(true);
    expect(r.contenders.map((c) => c.name)).toEqual(["Resolver alone", "MiniSearch", "Orama"]);
    expect(r.libraryPeers).toEqual(["MiniSearch", "Orama"]);
    expect(r.dataset.articles).toBe(4);
    expect(r.dataset.validation.inScope + r.dataset.test.inScope).toBe(15);
    expect(r.dataset.validation.outOfScope + r.dataset.test.outOfScope).toBe(8);
    expect(r.scale?.articles).toBe(8);
    expect(r.scale?.passages).toBe(2 * r.dataset.passages);
    expect(r.scale?.results.map((x) => x.name)).toEqual(["Resolver alone", "MiniSearch", "Orama"]);
    for (const c of r.contenders) expect(c.test.correct.of).toBe(r.dataset.test.inScope);
    expect(r.contenders[1]?.description).toMatch(/score \/ \(score \+ [\d.e+-]+\)/);
    expect(lines.some((l) => l.includes("fitting"))).toBe(true);

    const md = formatKnowledgeBenchMarkdown(r, "npm run bench -- knowledge");
    expect(md).toContain("### Method");
    expect(md).toContain("stands in as the candidate");
    expect(md).toContain("| Resolver alone |");
    expect(md).toContain("### Scale: 8 articles");
  });

  it("puts a candidate first, keeps the resolver as a peer, and can skip scale", async () => {
    const r = await runKnowledgeBench(TINY_ARTICLES, TINY_OUT_OF_SCOPE, {
      split: splitParagraphs,
      candidate: ORACLE,
      scaleCopies: 0,
    });
    expect(r.candidateStandsIn).toBe(false);
    expect(r.contenders.map((c) => c.name)).toEqual(["Oracle", "Resolver alone", "MiniSearch", "Orama"]);
    const oracle = r.contenders[0];
    expect(oracle?.test.correct.rate).toBe(1);
    expect(oracle?.test.oosEscalated.rate).toBe(1);
    expect(r.scale).toBeNull();
    expect(formatKnowledgeBenchMarkdown(r, "cmd")).not.toContain("### Scale");
  });
});
