import { describe, expect, it } from "vitest";
import { extractFeatureSets, extractFeatures } from "./extract-features.js";
import { MAX_INPUT_CHARS, stem, tokenize } from "./normalize-text.js";
import { DEFAULT_OPTIONS } from "./train-resolver.js";

describe("tokenize", () => {
  it("folds case, diacritics and apostrophes and splits on non-letters", () => {
    expect(tokenize("What's the Café résumé?? don't 123-abc")).toEqual([
      "whats",
      "the",
      "cafe",
      "resume",
      "dont",
      "123",
      "abc",
    ]);
  });

  it("keeps non-Latin scripts and drops empty input", () => {
    expect(tokenize("東京タワー пароль")).toEqual(["東京タワー", "пароль"]);
    expect(tokenize("  \n ")).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });

  it("truncates pathological input", () => {
    expect(tokenize("ab ".repeat(MAX_INPUT_CHARS)).length).toBeLessThanOrEqual(MAX_INPUT_CHARS / 3 + 1);
  });
});

describe("stem", () => {
  it("merges common inflections", () => {
    expect(stem("booking")).toBe(stem("booked"));
    expect(stem("books")).toBe(stem("book"));
    expect(stem("cities")).toBe(stem("city"));
    expect(stem("making")).toBe(stem("make"));
    expect(stem("transferred")).toBe(stem("transfer"));
  });

  it("leaves short and non-ASCII words alone", () => {
    expect(stem("bus")).toBe("bus");
    expect(stem("пароли")).toBe("пароли");
  });
});

describe("extractFeatures", () => {
  it("is deterministic and order-normalised", () => {
    const a = extractFeatures("reset my password", DEFAULT_OPTIONS.features);
    const b = extractFeatures("reset my password", DEFAULT_OPTIONS.features);
    expect(Array.from(a.keys)).toEqual(Array.from(b.keys));
    expect(Array.from(a.keys)).toEqual([...a.keys].sort((x, y) => x - y));
  });

  it("shares character n-grams between a word and its typo", () => {
    const a = new Set(extractFeatures("password", DEFAULT_OPTIONS.features).keys);
    const b = extractFeatures("pasword", DEFAULT_OPTIONS.features).keys;
    expect([...b].filter((k) => a.has(k)).length).toBeGreaterThan(3);
  });

  it("keeps word features apart for the neighbour index", () => {
    const s = extractFeatureSets("reset my password", DEFAULT_OPTIONS.features);
    // Three words and the four bigrams between them and the sentence's ends.
    expect(s.words.keys).toHaveLength(7);
    const full = new Set(s.full.keys);
    expect([...s.words.keys].filter((k) => !full.has(k))).toEqual([]);
    expect(s.full.keys.length).toBeGreaterThan(s.words.keys.length);
    expect(extractFeatureSets("", DEFAULT_OPTIONS.features).full.keys.length).toBe(0);
  });
});
