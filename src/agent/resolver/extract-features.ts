/**
 * Sparse feature extraction: word unigrams and bigrams over stemmed tokens (meaning, local word order) and
 * character n-grams inside word boundaries (typos, inflections, compounds, unseen words that share
 * pieces with known ones). Features are 32-bit FNV-1a hashes of namespaced strings, so extraction needs
 * no vocabulary and a query never allocates more than its own features.
 */

import { stem, tokenize } from "./normalize-text.js";

/** How text becomes features. Part of the model digest: changing any field changes behaviour. */
export interface FeatureOptions {
  /** Weight of the stemmed word-unigram group. */
  readonly wordWeight: number;
  /** Weight of the stemmed word-bigram group (0 disables bigrams). */
  readonly bigramWeight: number;
  /** Weight of the group of unordered word pairs anywhere in the question (0 disables it). */
  readonly pairWeight: number;
  /** Weight of the character n-gram group (0 disables it). */
  readonly charWeight: number;
  /** Smallest character n-gram length (inside `<word>` boundary markers). */
  readonly charMin: number;
  /** Largest character n-gram length. */
  readonly charMax: number;
}

/** A sparse vector as parallel arrays, feature hashes sorted ascending (so merging is linear). */
export interface SparseFeatures {
  readonly keys: Uint32Array;
  readonly values: Float64Array;
}

const GROUP_WORD = 0x9e3779b1;
const GROUP_BIGRAM = 0x85ebca77;
const GROUP_CHAR = 0xc2b2ae3d;
const GROUP_PAIR = 0x27d4eb2f;

/** FNV-1a over UTF-16 code units, seeded per feature group so groups never share a hash by design. */
function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The features of one text: all groups (for the linear model) and the word groups alone (for kNN). */
interface FeatureSets {
  readonly full: SparseFeatures;
  /** Word unigrams and bigrams only: cheap, selective posting lists for the nearest-neighbour index. */
  readonly words: SparseFeatures;
}

/**
 * Extracts the feature groups of one text. Each group is scaled to unit L2 norm and multiplied by its
 * weight, so a long question does not drown the word features in character n-grams; term counts are
 * dampened (1 + log tf) because repetition rarely changes intent.
 */
export function extractFeatureSets(text: string, options: FeatureOptions): FeatureSets {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { full: EMPTY, words: EMPTY };
  const stems = tokens.map(stem);

  let words = NONE;
  if (options.wordWeight > 0) {
    words = group(
      stems.map((s) => hashString(s, GROUP_WORD)),
      options.wordWeight,
    );
  }
  if (options.bigramWeight > 0) {
    // Sentence boundaries count as tokens: "how ..." and "... please" carry intent on their own.
    const seq = ["^", ...stems, "$"];
    const hashes: number[] = [];
    for (let i = 0; i + 1 < seq.length; i++) hashes.push(hashString(`${seq[i]} ${seq[i + 1]}`, GROUP_BIGRAM));
    words = merge(words, group(hashes, options.bigramWeight));
  }
  let full = words;
  if (options.pairWeight > 0) {
    // Non-adjacent co-occurrence ("limit ... credit card") without the cost of a non-linear model; capped
    // so a long question stays cheap.
    const uniq = [...new Set(stems)].slice(0, 24).sort();
    const hashes: number[] = [];
    for (let i = 0; i < uniq.length; i++) {
      for (let j = i + 1; j < uniq.length; j++) hashes.push(hashString(`${uniq[i]} ${uniq[j]}`, GROUP_PAIR));
    }
    full = merge(full, group(hashes, options.pairWeight));
  }
  if (options.charWeight > 0) {
    const hashes: number[] = [];
    for (const t of tokens) addCharGrams(hashes, `<${t}>`, options.charMin, options.charMax);
    full = merge(full, group(hashes, options.charWeight));
  }
  const typedWords = typed(words);
  return { full: full === words ? typedWords : typed(full), words: typedWords };
}

const EMPTY: SparseFeatures = { keys: new Uint32Array(0), values: new Float64Array(0) };

/** All feature groups of one text (see {@link extractFeatureSets}). */
export function extractFeatures(text: string, options: FeatureOptions): SparseFeatures {
  return extractFeatureSets(text, options).full;
}

/**
 * Appends the hashes of the character n-grams (charMin..charMax) of `w`. FNV-1a is a left fold over the
 * characters, so all n-grams starting at one position are hashed in one pass, with no substring
 * allocated: the same values as hashing each slice.
 */
function addCharGrams(out: number[], w: string, charMin: number, charMax: number): void {
  const seed = (0x811c9dc5 ^ GROUP_CHAR) >>> 0;
  for (let i = 0; i + charMin <= w.length; i++) {
    let h = seed;
    const end = Math.min(w.length, i + charMax);
    for (let j = i; j < end; j++) {
      h ^= w.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
      if (j - i + 1 >= charMin) out.push(h >>> 0);
    }
  }
}

/** A sparse vector under construction: keys ascending, plain arrays (typed only at the end). */
interface Building {
  readonly keys: number[];
  readonly values: number[];
}

const NONE: Building = { keys: [], values: [] };

/**
 * One feature group from its hashes (with repeats): dampened counts (1 + log tf), scaled to L2 norm
 * `weight`. Sorting and merging arrays rather than counting in a Map: extraction runs for every example
 * and every query, and Map traffic was most of its cost.
 */
function group(hashes: readonly number[], weight: number): Building {
  const sorted = Uint32Array.from(hashes).sort();
  const keys: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (let i = 0; i < sorted.length; ) {
    const key = sorted[i] ?? 0;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === key) j++;
    const v = 1 + Math.log(j - i);
    keys.push(key);
    values.push(v);
    norm += v * v;
    i = j;
  }
  if (norm === 0) return NONE;
  const scale = weight / Math.sqrt(norm);
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * scale;
  return { keys, values };
}

/** Sum of two sparse vectors with ascending keys (a hash shared by two groups adds up). */
function merge(a: Building, b: Building): Building {
  if (b.keys.length === 0) return a;
  if (a.keys.length === 0) return b;
  const keys: number[] = [];
  const values: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const ka = i < a.keys.length ? (a.keys[i] ?? 0) : Number.POSITIVE_INFINITY;
    const kb = j < b.keys.length ? (b.keys[j] ?? 0) : Number.POSITIVE_INFINITY;
    if (ka < kb) {
      keys.push(ka);
      values.push(a.values[i++] ?? 0);
    } else if (kb < ka) {
      keys.push(kb);
      values.push(b.values[j++] ?? 0);
    } else {
      keys.push(ka);
      values.push((a.values[i++] ?? 0) + (b.values[j++] ?? 0));
    }
  }
  return { keys, values };
}

function typed(b: Building): SparseFeatures {
  return b.keys.length === 0
    ? EMPTY
    : { keys: Uint32Array.from(b.keys), values: Float64Array.from(b.values) };
}
