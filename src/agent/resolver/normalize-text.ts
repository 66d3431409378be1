/**
 * Text normalisation for the resolver: Unicode-aware, language-agnostic tokenisation plus a light English
 * stemmer. Kept deliberately simple and deterministic; typos and unknown morphology are left to the
 * character n-gram features, which are far more robust than any stemmer.
 */

/** Caps the work done on pathological input (a pasted log file): longer text is truncated, not rejected. */
export const MAX_INPUT_CHARS = 4000;

// Combining diacritical marks only (accents on Latin, Greek and Cyrillic letters). Other combining marks
// are letters' own parts: Devanagari's vowel signs, Japanese dakuten (パ is not ハ), Arabic harakat.
const MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/gu;
// Apostrophes join contractions ("what's" → "whats", "don't" → "dont") instead of splitting off a
// meaningless "s"/"t" token.
const APOSTROPHES = /['’`´]/g;
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * Splits text into lower-case word tokens: NFKC, accents removed, apostrophes joined, split on
 * anything that is not a letter, combining mark or digit. Text beyond `maxChars` is ignored (a question's cap by default;
 * indexed knowledge passes its own). Never throws; empty input gives no tokens.
 */
export function tokenize(text: string, maxChars = MAX_INPUT_CHARS): string[] {
  const clipped = text.length > maxChars ? text.slice(0, maxChars) : text;
  const folded = clipped.normalize("NFKD").replace(MARKS, "").normalize("NFKC").toLowerCase();
  return folded
    .replace(APOSTROPHES, "")
    .split(NON_WORD)
    .filter((t) => t.length > 0);
}

const VOWEL = /[aeiouy]/;

/**
 * A light English suffix stripper (plural, -ing, -ed, -ly and a few derivational endings). It is
 * conservative on purpose: over-stemming merges unrelated intents, while the character n-grams already
 * link inflected forms. Non-ASCII or short words are returned unchanged.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  for (const [suffix, repl] of SUFFIXES) {
    if (w.endsWith(suffix)) {
      const base = w.slice(0, -suffix.length);
      if (base.length >= 3 && VOWEL.test(base)) w = base + repl;
      break;
    }
  }
  if (w.endsWith("e") && w.length >= 4) w = w.slice(0, -1);
  return w;
}

const SUFFIXES: readonly (readonly [string, string])[] = [
  ["ational", "ate"],
  ["ization", "ize"],
  ["fulness", "ful"],
  ["iveness", "ive"],
  ["ousness", "ous"],
  ["ation", "ate"],
  ["ement", ""],
  ["ment", ""],
  ["ness", ""],
  ["ably", "able"],
  ["ibly", "ible"],
  ["ally", "al"],
  ["ly", ""],
];

function undouble(w: string): string {
  const n = w.length;
  if (n >= 2 && w[n - 1] === w[n - 2] && !"lsz".includes(w[n - 1] ?? "")) return w.slice(0, -1);
  return w;
}
