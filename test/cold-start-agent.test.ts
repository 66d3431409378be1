import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainResolver } from "../src/agent/resolver/index.js";
import { readArticleDir } from "../src/knowledge/index.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

/** Five articles of a small help centre written for this test: titles and text, no example questions. */
const ARTICLES = readArticleDir(fileURLToPath(new URL("./fixtures/kettlewise/", import.meta.url))).inputs;

interface Exchange {
  reply: { content: string } | null;
  decision: {
    action: string;
    reason: string;
    answerId: string | null;
    sources: { id: string; title: string; score: number; lexical?: number; learned?: number }[];
  } | null;
  citations: {
    articleId: string;
    title: string;
    slug: string | null;
    section: string | null;
    anchor: string | null;
  }[];
}

for (const dialect of DIALECTS) {
  describe(`a tenant with five articles and no example questions (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      // The real resolver, as the product trains it: the fusion's calibration depends on it.
      t = await createTestApp(dialect, { articles: ARTICLES, train: (examples) => trainResolver(examples) });
    });
    afterAll(() => t.close());

    const ask = async (content: string, channel?: string): Promise<Exchange> => {
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.agent,
        body: { content, ...(channel ? { channel } : {}) },
      });
      expect(r.statusCode, r.body).toBe(201);
      const exchange = json<{ exchange: Exchange }>(r).exchange;
      return exchange;
    };

    it("answers a paraphrase with the passage in the middle of an article, cited by its section", async () => {
      const x = await ask("my kettle stopped heating, is that covered?");
      expect(x.decision?.action).toBe("answer");
      expect(x.decision?.answerId).toMatch(/:what-the-warranty-covers$/);
      expect(x.reply?.content).toContain("a heating element that stops working");
      // Only that section is quoted, not the article's opening or its other sections.
      expect(x.reply?.content).not.toContain("two-year warranty");
      expect(x.reply?.content).not.toContain("repairs@kettlewise.example");
      expect(x.citations).toEqual([
        expect.objectContaining({
          title: "Warranty and repairs",
          slug: "warranty",
          section: "What the warranty covers",
          anchor: "what-the-warranty-covers",
        }),
      ]);
      expect(x.reply?.content).toContain("(/kb/warranty#what-the-warranty-covers)");
    });

    it("records every passage it weighed with its lexical and learned evidence", async () => {
      const x = await ask("do you accept American Express?");
      expect(x.decision?.answerId).toMatch(/:payment-methods$/);
      const top = x.decision?.sources[0];
      expect(top?.lexical).toBeGreaterThan(0);
      expect(top?.learned).toBeGreaterThanOrEqual(0);
      expect(x.decision?.sources.length).toBeGreaterThan(1);
    });

    it("escalates a question the knowledge base does not answer", async () => {
      for (const q of ["what is the capital of France", "can I pay with PayPal?"]) {
        const x = await ask(q);
        expect(x.decision, q).toMatchObject({ action: "escalate", reason: "low_confidence", answerId: null });
        expect(x.citations, q).toEqual([]);
      }
    });

    it("thanks a customer who only says thanks, without an article", async () => {
      const x = await ask("thanks, that fixed it!");
      expect(x.decision).toMatchObject({ action: "answer", reason: "acknowledged", answerId: null });
      expect(x.citations).toEqual([]);
      expect(x.reply?.content).not.toContain("Source:");
    });

    it("sends plain text to an email conversation and Markdown to the widget", async () => {
      const email = await ask("what temperature should I use for green tea?", "email");
      const widget = await ask("what temperature should I use for green tea?", "widget");
      expect(widget.reply?.content).toContain("| Green tea | 80 °C |");
      expect(email.reply?.content).toContain("Green tea | 80 °C");
      expect(email.reply?.content).not.toContain("|---|");
      expect(email.reply?.content).not.toMatch(/^#/m);
    });
  });
}
