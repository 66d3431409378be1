/**
 * k-nearest-neighbour voting over TF-IDF word vectors of the training examples (an inverted index, cosine
 * similarity). It complements the linear model: it remembers individual phrasings exactly, and its best
 * similarity says how close the question is to anything ever seen.
 */

import type { SparseRows } from "./train-softmax.js";

/** A sparse vector in column space (what build-vectorizer.ts's `vectorize` returns, without the known mass). */
interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Inverted lists per column: example ids and their weights, in example order. Plain data. */
export interface NeighbourIndex {
  readonly postingStart: Int32Array;
  readonly postingRows: Int32Array;
  readonly postingValues: Float32Array;
  /** Label id of each indexed example. */
  readonly rowLabels: Int32Array;
  /** Example weight of each indexed example. */
  readonly rowWeights: Float32Array;
  /** Posting lists longer than this are skipped at query time (see {@link buildNeighbourIndex}). */
  readonly maxPosting: number;
}

/**
 * Builds the index over `rows` (TF-IDF word vectors of the examples, L2-normalised, as compressed sparse
 * rows in a vocabulary of `columnCount` columns) with their labels and weights. Features that occur in
 * more than 5 % of a large history ("what", "my", "^ how") are skipped at query time: their IDF makes
 * them nearly worthless for similarity, yet their posting lists are most of the work. Histories under
 * about 5,000 examples skip nothing.
 */
export function buildNeighbourIndex(
  rows: SparseRows,
  columnCount: number,
  labels: Int32Array,
  weights: Float32Array,
): NeighbourIndex {
  const rowCount = labels.length;
  const counts = new Int32Array(columnCount + 1);
  for (let j = 0; j < (rows.indptr[rowCount] ?? 0); j++) {
    const c = rows.indices[j] ?? 0;
    counts[c + 1] = (counts[c + 1] ?? 0) + 1;
  }
  for (let c = 0; c < columnCount; c++) counts[c + 1] = (counts[c + 1] ?? 0) + (counts[c] ?? 0);
  const postingStart = counts;
  const fill = postingStart.slice(0, -1);
  const total = postingStart[columnCount] ?? 0;
  const postingRows = new Int32Array(total);
  const postingValues = new Float32Array(total);
  for (let row = 0; row < rowCount; row++) {
    for (let j = rows.indptr[row] ?? 0; j < (rows.indptr[row + 1] ?? 0); j++) {
      const c = rows.indices[j] ?? 0;
      const at = fill[c] ?? 0;
      postingRows[at] = row;
      postingValues[at] = rows.values[j] ?? 0;
      fill[c] = at + 1;
    }
  }
  return {
    postingStart,
    postingRows,
    postingValues,
    rowLabels: labels,
    rowWeights: weights,
    maxPosting: Math.max(256, Math.ceil(rowCount * 0.05)),
  };
}

/** Reusable buffers so a query allocates nothing proportional to the index size. */
interface NeighbourScratch {
  readonly sims: Float64Array;
  readonly touched: Int32Array;
  readonly top: Int32Array;
}

/** Allocates scratch buffers for querying `index`. */
export function createNeighbourScratch(index: NeighbourIndex): NeighbourScratch {
  const n = index.rowLabels.length;
  return { sims: new Float64Array(n), touched: new Int32Array(n), top: new Int32Array(64) };
}

/**
 * Writes into `votes` (length = label count, zeroed here) the similarity-weighted vote of the `k` nearest
 * examples to `q` (a query vectorised with the index's vocabulary), normalised to sum to 1, and returns the best cosine similarity (0 when nothing overlaps).
 */
export function voteNeighbours(
  index: NeighbourIndex,
  q: SparseVector,
  k: number,
  votes: Float64Array,
  scratch: NeighbourScratch,
): number {
  votes.fill(0);
  const { sims, touched, top } = scratch;
  let n = 0;
  for (let j = 0; j < q.indices.length; j++) {
    const c = q.indices[j] ?? 0;
    const v = q.values[j] ?? 0;
    const start = index.postingStart[c] ?? 0;
    const end = index.postingStart[c + 1] ?? 0;
    if (end - start > index.maxPosting) continue;
    for (let p = start; p < end; p++) {
      const row = index.postingRows[p] ?? 0;
      if (sims[row] === 0) touched[n++] = row;
      sims[row] = (sims[row] ?? 0) + v * (index.postingValues[p] ?? 0);
    }
  }
  // One pass keeping the k best in a small sorted buffer (ties: earlier example first, deterministic).
  const kk = Math.min(k, top.length);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const row = touched[i] ?? 0;
    const s = sims[row] ?? 0;
    if (size === kk && s <= (sims[top[kk - 1] ?? 0] ?? 0)) continue;
    let at = size < kk ? size++ : kk - 1;
    while (at > 0) {
      const prev = top[at - 1] ?? 0;
      const ps = sims[prev] ?? 0;
      if (ps > s || (ps === s && prev < row)) break;
      top[at] = prev;
      at--;
    }
    top[at] = row;
  }
  let mass = 0;
  for (let t = 0; t < size; t++) {
    const row = top[t] ?? 0;
    const vote = (sims[row] ?? 0) * (index.rowWeights[row] ?? 1);
    const label = index.rowLabels[row] ?? 0;
    votes[label] = (votes[label] ?? 0) + vote;
    mass += vote;
  }
  const best = size > 0 ? (sims[top[0] ?? 0] ?? 0) : 0;
  for (let i = 0; i < n; i++) sims[touched[i] ?? 0] = 0;
  if (mass > 0) for (let l = 0; l < votes.length; l++) votes[l] = (votes[l] ?? 0) / mass;
  return Math.min(1, best);
}
