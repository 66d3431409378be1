import { stem, tokenize } from "../resolver/index.js";

/**
 * Function words that carry no topic in a support question ("how do I …", "can you …"). Dropped from
 * passages and questions alike, so the lexical score and the coverage of a question are about its topic.
 * English only: other languages keep every word, and BM25's IDF discounts their frequent ones.
 */
const STOP_WORDS = new Set(
  (
    "a an the and or but if then so of to in on at by for with from into onto about as is are was were be been " +
    "being am do does did doing have has had having i me my mine we us our you your yours it its this that these " +
    "those there here what which who whom whose when where why how can could would should will shall may might " +
    "must please hi hello hey thanks thank im ive id youre dont doesnt didnt cant wont isnt arent get got just " +
    "any some all also there their them they he she his her not no yes than too very up out one"
  ).split(" "),
);

/** Scripts written without spaces between words: segmented with Intl.Segmenter rather than split on spaces. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

// Intl.Segmenter is the platform's dictionary-based word breaker (ICU); one instance, stateless per call.
const WORDS = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * The index terms of a text, the same for passages and questions: the resolver's normalisation (NFKC,
 * lower case, diacritics and apostrophes folded), words of unspaced scripts found by Intl.Segmenter,
 * English function words dropped and the resolver's light stemmer applied to Latin words.
 */
export function passageTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text, Number.POSITIVE_INFINITY)) {
    if (UNSPACED.test(token)) {
      for (const s of WORDS.segment(token)) if (s.isWordLike) out.push(s.segment);
    } else if (!STOP_WORDS.has(token)) {
      out.push(stem(token));
    }
  }
  return out;
}
