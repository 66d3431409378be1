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
export interface FeatureSets {
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
  const full = new Map<number, number>();
  const words = new Map<number, number>();
  if (tokens.length === 0) return { full: toSparse(full), words: toSparse(words) };
  const stems = tokens.map(stem);

  if (options.wordWeight > 0) {
    const g = new Map<number, number>();
    for (const s of stems) bump(g, hashString(s, GROUP_WORD));
    addGroup(full, words, g, options.wordWeight);
  }
  if (options.bigramWeight > 0) {
    const g = new Map<number, number>();
    // Sentence boundaries count as tokens: "how ..." and "... please" carry intent on their own.
    const seq = ["^", ...stems, "$"];
    for (let i = 0; i + 1 < seq.length; i++) bump(g, hashString(`${seq[i]} ${seq[i + 1]}`, GROUP_BIGRAM));
    addGroup(full, words, g, options.bigramWeight);
  }
  if (options.pairWeight > 0) {
    const g = new Map<number, number>();
    // Non-adjacent co-occurrence ("limit ... credit card") without the cost of a non-linear model; capped
    // so a long question stays cheap.
    const uniq = [...new Set(stems)].slice(0, 24).sort();
    for (let i = 0; i < uniq.length; i++) {
      for (let j = i + 1; j < uniq.length; j++) bump(g, hashString(`${uniq[i]} ${uniq[j]}`, GROUP_PAIR));
    }
    addGroup(full, undefined, g, options.pairWeight);
  }
  if (options.charWeight > 0) {
    const g = new Map<number, number>();
    for (const t of tokens) {
      const w = `<${t}>`;
      for (let n = options.charMin; n <= options.charMax; n++) {
        for (let i = 0; i + n <= w.length; i++) bump(g, hashString(w.slice(i, i + n), GROUP_CHAR));
      }
    }
    addGroup(full, undefined, g, options.charWeight);
  }
  return { full: toSparse(full), words: toSparse(words) };
}

/** All feature groups of one text (see {@link extractFeatureSets}). */
export function extractFeatures(text: string, options: FeatureOptions): SparseFeatures {
  return extractFeatureSets(text, options).full;
}

function bump(m: Map<number, number>, key: number): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

function addGroup(
  out: Map<number, number>,
  also: Map<number, number> | undefined,
  group: Map<number, number>,
  weight: number,
): void {
  let norm = 0;
  for (const [k, tf] of group) {
    const v = 1 + Math.log(tf);
    group.set(k, v);
    norm += v * v;
  }
  if (norm === 0) return;
  const scale = weight / Math.sqrt(norm);
  for (const [k, v] of group) {
    out.set(k, (out.get(k) ?? 0) + v * scale);
    also?.set(k, (also.get(k) ?? 0) + v * scale);
  }
}

function toSparse(m: Map<number, number>): SparseFeatures {
  const keys = Uint32Array.from(m.keys()).sort();
  const values = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = m.get(keys[i] ?? 0) ?? 0;
  return { keys, values };
}
