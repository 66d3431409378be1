import { describe, expect, it } from "vitest";
import { extractFeatureSets, extractFeatures } from "./extract-features.js";
import { DEFAULT_OPTIONS } from "./train-resolver.js";

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
