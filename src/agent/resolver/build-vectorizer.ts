/**
 * Maps hashed features to dense column indices learned from the training texts, with IDF weights. A
 * feature never seen in training has no column: it cannot move any score, but its share of the query is
 * reported (`knownMass`) because "how much of this question have I ever seen" is a strong out-of-scope
 * signal.
 */

import type { SparseFeatures } from "./extract-features.js";

/** Learned vocabulary: feature hash → column, and the IDF of each column. */
export interface Vectorizer {
  readonly columns: ReadonlyMap<number, number>;
  readonly idf: Float32Array;
}

/** A query or training row in column space, L2-normalised. */
export interface ColumnVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Share (0..1) of the raw feature mass (Σ v²) that falls on known columns; 0 for empty input. */
  readonly knownMass: number;
}

/**
 * Builds the vocabulary over `rows` (optionally a subset), keeping features seen in at least `minDf`
 * rows. Columns are numbered in first-seen order, which is deterministic because callers pass examples
 * in canonical order. IDF is smoothed
 * (`ln((1+N)/(1+df)) + 1`, as in scikit-learn) so a feature present everywhere still counts a little.
 */
export function buildVectorizer(
  rows: readonly SparseFeatures[],
  subset?: ArrayLike<number>,
  minDf = 1,
): Vectorizer {
  const counts = new Map<number, number>();
  const n = subset ? subset.length : rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[subset ? (subset[i] ?? 0) : i];
    if (!row) continue;
    for (const key of row.keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const columns = new Map<number, number>();
  const df: number[] = [];
  for (const [key, d] of counts) {
    if (d < minDf) continue;
    columns.set(key, columns.size);
    df.push(d);
  }
  const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
  return { columns, idf };
}

/** Projects features onto the vocabulary, weights them by IDF and L2-normalises the result. */
export function vectorize(vectorizer: Vectorizer, features: SparseFeatures): ColumnVector {
  const { keys, values } = features;
  const idx: number[] = [];
  const val: number[] = [];
  let total = 0;
  let known = 0;
  let norm = 0;
  for (let j = 0; j < keys.length; j++) {
    const raw = values[j] ?? 0;
    total += raw * raw;
    const col = vectorizer.columns.get(keys[j] ?? 0);
    if (col === undefined) continue;
    known += raw * raw;
    const v = raw * (vectorizer.idf[col] ?? 1);
    idx.push(col);
    val.push(v);
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return {
    indices: Int32Array.from(idx),
    values: Float32Array.from(val, (v) => v * scale),
    knownMass: total > 0 ? known / total : 0,
  };
}
