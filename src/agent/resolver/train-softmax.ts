/**
 * Multinomial logistic regression (softmax) on sparse rows, trained with AdaGrad and L2 regularisation.
 * The weight matrix is stored feature-major (one row of `labelCount` floats per feature), so scoring a
 * query costs one contiguous row read per query feature.
 */

/** Compressed sparse rows: row r spans indices/values[indptr[r] .. indptr[r+1]). */
export interface SparseRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Optimiser settings for {@link trainSoftmax}. */
interface SoftmaxOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per example seen (applied lazily, only to the rows an example touches). */
  readonly l2: number;
  /** Seed of the shuffling PRNG: same seed, same data → same weights, bit for bit. */
  readonly seed: number;
}

/** A trained linear model: `scores = bias + Σ_f x_f · weights[f·labelCount .. +labelCount)`. */
export interface SoftmaxModel {
  readonly featureCount: number;
  readonly labelCount: number;
  readonly weights: Float32Array;
  readonly bias: Float64Array;
}

/** Mulberry32: a tiny, well-distributed 32-bit PRNG; enough for shuffling and fold assignment. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with `rand` (e.g. createRandom), so a seed gives one order. */
export function shuffle<A extends { length: number; [index: number]: unknown }>(
  items: A,
  rand: () => number,
): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

// Labels whose gradient for an example is below this are not updated for it. Most labels have p≈0 for a
// given example, and AdaGrad's first step on a weight is full-size however tiny its gradient, so
// updating them costs most of an epoch and pushes down labels the example says nothing about. On
// CLINC150 validation 1e-2 (against 1e-4) kept closed-set accuracy (93.8 %), raised in-scope vs
// out-of-scope AUROC from 0.950 to 0.956 and cut training time by a quarter; 3e-3 to 3e-2 behave alike.
const GRAD_EPS = 1e-2;

/** Weights plus AdaGrad's running sums of squared gradients; what an optimiser run carries along. */
interface SoftmaxState {
  readonly weights: Float32Array;
  readonly g2: Float32Array;
  readonly bias: Float64Array;
  readonly bg2: Float64Array;
}

function emptyState(featureCount: number, labelCount: number): SoftmaxState {
  return {
    weights: new Float32Array(featureCount * labelCount),
    g2: new Float32Array(featureCount * labelCount),
    bias: new Float64Array(labelCount),
    bg2: new Float64Array(labelCount),
  };
}

function clearState(s: SoftmaxState): SoftmaxState {
  s.weights.fill(0);
  s.g2.fill(0);
  s.bias.fill(0);
  s.bg2.fill(0);
  return s;
}

/** Shared inputs of one optimiser run. */
interface Problem {
  readonly x: SparseRows;
  readonly labels: Int32Array;
  readonly rowWeights: Float32Array;
  readonly labelCount: number;
  readonly rows: Int32Array;
}

/**
 * Runs `epochs` AdaGrad passes over `problem.rows` (reshuffled each pass with `rand`), updating `state`.
 * The hot loop of training: the forward pass reads four feature rows at a time (a quarter of the loads
 * and stores of the accumulator), and the update visits only labels with a non-negligible gradient, one
 * contiguous weight row per feature.
 */
function runEpochs(
  state: SoftmaxState,
  problem: Problem,
  options: SoftmaxOptions,
  epochs: number,
  rand: () => number,
): void {
  const { x, labels, rowWeights, labelCount: L } = problem;
  const { weights: w, g2, bias, bg2 } = state;
  const rows = problem.rows;
  const { indptr, indices, values } = x;
  const lr = options.learningRate;
  const l2 = options.l2;
  const p = new Float64Array(L);
  const active = new Int32Array(L);
  const grad = new Float64Array(L);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(rows, rand);
    for (let ri = 0; ri < rows.length; ri++) {
      const r = rows[ri] ?? 0;
      const start = indptr[r] ?? 0;
      const end = indptr[r + 1] ?? 0;
      const y = labels[r] ?? 0;
      const rw = rowWeights[r] ?? 1;
      for (let l = 0; l < L; l++) p[l] = bias[l] ?? 0;
      let k = start;
      for (; k + 3 < end; k += 4) {
        const b0 = (indices[k] ?? 0) * L;
        const b1 = (indices[k + 1] ?? 0) * L;
        const b2 = (indices[k + 2] ?? 0) * L;
        const b3 = (indices[k + 3] ?? 0) * L;
        const v0 = values[k] ?? 0;
        const v1 = values[k + 1] ?? 0;
        const v2 = values[k + 2] ?? 0;
        const v3 = values[k + 3] ?? 0;
        for (let l = 0; l < L; l++) {
          p[l] =
            (p[l] ?? 0) +
            v0 * (w[b0 + l] ?? 0) +
            v1 * (w[b1 + l] ?? 0) +
            v2 * (w[b2 + l] ?? 0) +
            v3 * (w[b3 + l] ?? 0);
        }
      }
      for (; k < end; k++) {
        const base = (indices[k] ?? 0) * L;
        const v = values[k] ?? 0;
        for (let l = 0; l < L; l++) p[l] = (p[l] ?? 0) + v * (w[base + l] ?? 0);
      }
      softmaxInPlace(p);
      p[y] = (p[y] ?? 0) - 1;
      let na = 0;
      for (let l = 0; l < L; l++) {
        const d = (p[l] ?? 0) * rw;
        if (d > -GRAD_EPS && d < GRAD_EPS) continue;
        const bg = (bg2[l] ?? 0) + d * d;
        bg2[l] = bg;
        bias[l] = (bias[l] ?? 0) - (lr * d) / (Math.sqrt(bg) + 1e-8);
        active[na] = l;
        grad[na++] = d;
      }
      for (let k = start; k < end; k++) {
        const base = (indices[k] ?? 0) * L;
        const v = values[k] ?? 0;
        for (let a = 0; a < na; a++) {
          const at = base + (active[a] ?? 0);
          const wl = w[at] ?? 0;
          const g = (grad[a] ?? 0) * v + l2 * wl;
          const acc = (g2[at] ?? 0) + g * g;
          g2[at] = acc;
          w[at] = wl - (lr * g) / (Math.sqrt(acc) + 1e-8);
        }
      }
    }
  }
}

function problemOf(
  x: SparseRows,
  labels: Int32Array,
  rowWeights: Float32Array,
  labelCount: number,
  subset?: Int32Array,
): Problem {
  const rows = subset ? Int32Array.from(subset) : Int32Array.from({ length: labels.length }, (_, i) => i);
  return { x, labels, rowWeights, labelCount, rows };
}

function modelOf(
  state: { readonly weights: Float32Array; readonly bias: Float64Array },
  featureCount: number,
  labelCount: number,
): SoftmaxModel {
  return { featureCount, labelCount, weights: state.weights, bias: state.bias };
}

/**
 * Trains the model on rows `subset` of `x` (all rows when omitted). `labels[r]` is the class of row r and
 * `weights[r]` its importance. Deterministic for a given seed.
 */
export function trainSoftmax(
  x: SparseRows,
  labels: Int32Array,
  rowWeights: Float32Array,
  featureCount: number,
  labelCount: number,
  options: SoftmaxOptions,
  subset?: Int32Array,
): SoftmaxModel {
  const state = emptyState(featureCount, labelCount);
  const problem = problemOf(x, labels, rowWeights, labelCount, subset);
  runEpochs(state, problem, options, options.epochs, createRandom(options.seed));
  return modelOf(state, featureCount, labelCount);
}

/** Numerically stable softmax, in place. */
export function softmaxInPlace(z: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) if ((z[i] ?? 0) > max) max = z[i] ?? 0;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const e = Math.exp((z[i] ?? 0) - max);
    z[i] = e;
    sum += e;
  }
  for (let i = 0; i < z.length; i++) z[i] = (z[i] ?? 0) / sum;
}

/** Raw scores (logits) of one sparse row given as parallel index/value arrays. */
export function scoreRow(
  model: SoftmaxModel,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  out: Float64Array,
): void {
  const L = model.labelCount;
  const w = model.weights;
  for (let l = 0; l < L; l++) out[l] = model.bias[l] ?? 0;
  for (let k = 0; k < indices.length; k++) {
    const base = (indices[k] ?? 0) * L;
    const v = values[k] ?? 0;
    for (let l = 0; l < L; l++) out[l] = (out[l] ?? 0) + v * (w[base + l] ?? 0);
  }
}

/**
 * Trains `members` models that differ only in their shuffling seed and returns the average of their
 * weights (a "model soup" of one convex problem; for a linear model, averaging weights is averaging
 * logits). Each run stops short of the optimum in its own direction; the average is both closer to it and
 * better regularised. On CLINC150 validation, 4 members of 5 epochs beat one model of 10 epochs by about
 * a point of accuracy at the same query cost, since the result is still one weight matrix. The members
 * must start apart: letting them share their first passes and part later gave no gain over one model.
 */
export function trainAveragedSoftmax(
  x: SparseRows,
  labels: Int32Array,
  rowWeights: Float32Array,
  featureCount: number,
  labelCount: number,
  options: SoftmaxOptions,
  members: number,
): SoftmaxModel {
  const problem = problemOf(x, labels, rowWeights, labelCount);
  const initial = problem.rows.slice();
  let sum: { weights: Float32Array; bias: Float64Array } | undefined;
  const count = Math.max(1, members);
  let scratch: SoftmaxState | undefined;
  for (let m = 0; m < count; m++) {
    // Members after the first reuse one set of buffers: fewer large allocations, less GC.
    let state: SoftmaxState;
    if (m === 0) state = emptyState(featureCount, labelCount);
    else if (!scratch) state = scratch = emptyState(featureCount, labelCount);
    else state = clearState(scratch);
    problem.rows.set(initial);
    const seed = (options.seed + Math.imul(m, 0x9e3779b9)) >>> 0;
    runEpochs(state, problem, options, options.epochs, createRandom(seed));
    if (!sum) {
      sum = { weights: state.weights, bias: state.bias };
      continue;
    }
    const w = sum.weights;
    const b = sum.bias;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) + (state.weights[i] ?? 0);
    for (let l = 0; l < b.length; l++) b[l] = (b[l] ?? 0) + (state.bias[l] ?? 0);
  }
  const result = sum ?? emptyState(featureCount, labelCount);
  if (count > 1) {
    const scale = 1 / count;
    for (let i = 0; i < result.weights.length; i++) result.weights[i] = (result.weights[i] ?? 0) * scale;
    for (let l = 0; l < result.bias.length; l++) result.bias[l] = (result.bias[l] ?? 0) * scale;
  }
  return modelOf(result, featureCount, labelCount);
}
