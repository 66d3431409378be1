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
interface ColumnVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Share (0..1) of the raw feature mass (Σ v²) that falls on known columns; 0 for empty input. */
  readonly knownMass: number;
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

/**
 * The features of many texts over one shared vocabulary (every feature of any row gets a global id, in
 * first-seen order). Cross-validation builds a vectorizer per fold from a subset of the rows; with the
 * table that is a count over integer ids instead of hashing into maps, and the same rows can be
 * projected into each fold's columns cheaply.
 */
export interface FeatureTable {
  /** Feature hash of each global id. */
  readonly keys: Uint32Array;
  /** Row r spans ids/values[indptr[r] .. indptr[r+1]), in the order of its sparse features (by hash). */
  readonly indptr: Int32Array;
  readonly ids: Int32Array;
  readonly values: Float64Array;
}

/** Builds the table over all `rows`. */
export function buildFeatureTable(rows: readonly SparseFeatures[]): FeatureTable {
  const idOf = new Map<number, number>();
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => {
    indptr[r + 1] = (indptr[r] ?? 0) + row.keys.length;
  });
  const total = indptr[rows.length] ?? 0;
  const ids = new Int32Array(total);
  const values = new Float64Array(total);
  const keys: number[] = [];
  let at = 0;
  for (const row of rows) {
    for (let j = 0; j < row.keys.length; j++) {
      const key = row.keys[j] ?? 0;
      let id = idOf.get(key);
      if (id === undefined) {
        id = keys.length;
        idOf.set(key, id);
        keys.push(key);
      }
      ids[at] = id;
      values[at++] = row.values[j] ?? 0;
    }
  }
  return { keys: Uint32Array.from(keys), indptr, ids, values };
}

/** A vocabulary learned from a subset of a table's rows: global id → column (−1 when not kept). */
export interface TableProjection {
  readonly columnOf: Int32Array;
  readonly idf: Float32Array;
  readonly columnCount: number;
}

/**
 * The vocabulary learned from rows `subset` of the table, keeping features seen in at least `minDf` of
 * them. Columns are numbered in first-seen order, which is deterministic because callers pass examples in
 * canonical order. IDF is smoothed (`ln((1+N)/(1+df)) + 1`, as in scikit-learn) so a feature present
 * everywhere still counts a little.
 */
export function projectTable(table: FeatureTable, subset: ArrayLike<number>, minDf = 1): TableProjection {
  const df = new Int32Array(table.keys.length);
  for (let i = 0; i < subset.length; i++) {
    const r = subset[i] ?? 0;
    for (let j = table.indptr[r] ?? 0; j < (table.indptr[r + 1] ?? 0); j++) {
      const id = table.ids[j] ?? 0;
      df[id] = (df[id] ?? 0) + 1;
    }
  }
  const columnOf = new Int32Array(table.keys.length).fill(-1);
  const idf: number[] = [];
  const n = subset.length;
  for (let i = 0; i < subset.length; i++) {
    const r = subset[i] ?? 0;
    for (let j = table.indptr[r] ?? 0; j < (table.indptr[r + 1] ?? 0); j++) {
      const id = table.ids[j] ?? 0;
      const d = df[id] ?? 0;
      if ((columnOf[id] ?? 0) >= 0 || d < minDf) continue;
      columnOf[id] = idf.length;
      idf.push(Math.log((1 + n) / (1 + d)) + 1);
    }
  }
  return { columnOf, idf: Float32Array.from(idf), columnCount: idf.length };
}

/** Rows of a table in a projection's column space, as compressed sparse rows, plus each row's known mass. */
export interface ProjectedRows {
  /** Row i spans indices/values[indptr[i] .. indptr[i+1]). */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly knownMass: Float64Array;
}

/**
 * Rows `rows` of the table in a projection's column space, each the vector {@link vectorize} gives,
 * written straight into shared typed arrays (cross-validation projects every example once per fold).
 */
export function vectorizeTableRows(
  table: FeatureTable,
  projection: TableProjection,
  rows: ArrayLike<number>,
): ProjectedRows {
  let bound = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    bound += (table.indptr[r + 1] ?? 0) - (table.indptr[r] ?? 0);
  }
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(bound);
  const scaled = new Float64Array(bound);
  const knownMass = new Float64Array(rows.length);
  const { columnOf, idf } = projection;
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    const begin = at;
    let total = 0;
    let known = 0;
    let norm = 0;
    for (let j = table.indptr[r] ?? 0; j < (table.indptr[r + 1] ?? 0); j++) {
      const raw = table.values[j] ?? 0;
      total += raw * raw;
      const col = columnOf[table.ids[j] ?? 0] ?? -1;
      if (col < 0) continue;
      known += raw * raw;
      const v = raw * (idf[col] ?? 1);
      indices[at] = col;
      scaled[at++] = v;
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = begin; j < at; j++) scaled[j] = (scaled[j] ?? 0) * scale;
    indptr[i + 1] = at;
    knownMass[i] = total > 0 ? known / total : 0;
  }
  return {
    indptr,
    indices: at === bound ? indices : indices.slice(0, at),
    values: Float32Array.from(at === bound ? scaled : scaled.subarray(0, at)),
    knownMass,
  };
}

/** The query-time vectorizer of a projection: hash → column, for texts outside the table. */
export function vectorizerOf(table: FeatureTable, projection: TableProjection): Vectorizer {
  const pairs: [number, number][] = [];
  projection.columnOf.forEach((col, id) => {
    if (col >= 0) pairs.push([col, table.keys[id] ?? 0]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return { columns: new Map(pairs.map(([col, key]) => [key, col])), idf: projection.idf };
}
