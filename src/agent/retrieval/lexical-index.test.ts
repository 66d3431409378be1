import { describe, expect, it } from "vitest";
import { LexicalIndex } from "./lexical-index.js";
import { passageOf } from "./test-support.js";

const passages = [
  passageOf("art_billing", "payment-methods", "We accept Visa, Mastercard and American Express cards."),
  passageOf("art_billing", "invoices", "Invoices are emailed to the billing contact every month."),
  passageOf("art_export", "csv", "Export your projects as CSV from Settings, then Data."),
];
const titles = new Map([
  ["art_billing", "Billing"],
  ["art_export", "Exporting data"],
]);

describe("lexical index", () => {
  it("ranks the passage that holds the question's words first", async () => {
    const index = await LexicalIndex.build(passages, titles);
    const hits = index.search("which cards do you accept");
    expect(hits[0]?.passage.id).toBe("art_billing:payment-methods");
    expect(hits[0]?.coverage).toBe(1);
  });

  it("counts the article title and the headings as the passage's words", async () => {
    const index = await LexicalIndex.build(passages, titles);
    expect(index.search("exporting")[0]?.passage.sourceId).toBe("art_export");
    expect(index.search("invoices")[0]?.passage.id).toBe("art_billing:invoices");
  });

  it("reports the rare question words a passage lacks", async () => {
    const index = await LexicalIndex.build(passages, titles);
    const [hit] = index.search("can I pay with paypal cards");
    expect(hit?.passage.id).toBe("art_billing:payment-methods");
    // "paypal" is in no passage: the largest possible IDF, so uncovered is 1 and coverage well below 1.
    expect(hit?.uncovered).toBe(1);
    expect(hit?.coverage).toBeLessThan(0.6);
  });

  it("finds nothing for a question of function words or unknown words", async () => {
    const index = await LexicalIndex.build(passages, titles);
    expect(index.search("how do I")).toEqual([]);
    expect(index.search("zebra giraffe")).toEqual([]);
  });

  it("works on an empty knowledge base", async () => {
    const index = await LexicalIndex.build([], new Map());
    expect(index.size).toBe(0);
    expect(index.search("anything")).toEqual([]);
  });
});
