import { describe, expect, it } from "vitest";
import { buildKnowledgeBase } from "./build-knowledge-base.js";
import { MINISEARCH_PEER, ORAMA_PEER, RESOLVER_ALONE, searchContender } from "./peer-contenders.js";
import { splitParagraphs } from "./test-support/split-paragraphs.js";
import { TINY_ARTICLES } from "./test-support/tiny-kb.js";

const kb = buildKnowledgeBase(
  TINY_ARTICLES.map(({ id, slug, title, body }) => ({ id, slug, title, body })),
  splitParagraphs,
);

describe.each([MINISEARCH_PEER, ORAMA_PEER])("$name over passages", (peer) => {
  it("answers an obvious question with the right article and a confidence in (0, 1)", async () => {
    const answer = await searchContender(peer, 2).build(kb);
    const a = answer("How do I download an invoice as a PDF?");
    expect(a.sourceId).toBe("art_invoices");
    expect(a.passageId?.startsWith("art_invoices:")).toBe(true);
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThan(1);
    expect(answer("export my projects to CSV").sourceId).toBe("art_export-data");
  });

  it("answers nothing, with confidence 0, when no word matches", async () => {
    const answer = await searchContender(peer, 2).build(kb);
    expect(answer("zebra xylophone")).toEqual({ sourceId: null, confidence: 0 });
  });

  it("names its scale in its description", () => {
    expect(searchContender(peer, 2.5).description).toContain("score / (score + 2.50)");
  });
});

describe("RESOLVER_ALONE", () => {
  it("learns titles and headings only and answers with its top article", async () => {
    const answer = await RESOLVER_ALONE.build(kb);
    const a = answer("delete your account");
    expect(a.sourceId).toBe("art_delete-account");
    expect(a.passageId).toBeUndefined();
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });
});
