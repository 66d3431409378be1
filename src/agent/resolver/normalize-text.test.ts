import { describe, expect, it } from "vitest";
import { MAX_INPUT_CHARS, stem, tokenize } from "./normalize-text.js";

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

  it("keeps combining marks that are part of a letter", () => {
    // Dakuten (パ is not ハ), Devanagari vowel signs, Arabic harakat: only Latin-style accents are folded.
    expect(tokenize("パスワード नमस्ते مَرحبا")).toEqual(["パスワード", "नमस्ते", "مَرحبا"]);
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
