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
export interface SoftmaxOptions {
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

// Gradients below this are skipped: after the first epoch most labels have p≈0 for a given example, and
// skipping them makes an epoch several times cheaper without measurable loss in accuracy.
const GRAD_EPS = 1e-4;

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
  const L = labelCount;
  const w = new Float32Array(featureCount * L);
  const g2 = new Float32Array(featureCount * L);
  const bias = new Float64Array(L);
  const bg2 = new Float64Array(L);
  const rows = subset ? Int32Array.from(subset) : Int32Array.from({ length: labels.length }, (_, i) => i);
  const rand = createRandom(options.seed);
  const p = new Float64Array(L);
  const { indptr, indices, values } = x;
  const lr = options.learningRate;
  const l2 = options.l2;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = rows[i] ?? 0;
      rows[i] = rows[j] ?? 0;
      rows[j] = t;
    }
    for (const r of rows) {
      const start = indptr[r] ?? 0;
      const end = indptr[r + 1] ?? 0;
      const y = labels[r] ?? 0;
      const rw = rowWeights[r] ?? 1;
      for (let l = 0; l < L; l++) p[l] = bias[l] ?? 0;
      for (let k = start; k < end; k++) {
        const base = (indices[k] ?? 0) * L;
        const v = values[k] ?? 0;
        for (let l = 0; l < L; l++) p[l] = (p[l] ?? 0) + v * (w[base + l] ?? 0);
      }
      softmaxInPlace(p);
      p[y] = (p[y] ?? 0) - 1;
      for (let l = 0; l < L; l++) {
        const d = (p[l] ?? 0) * rw;
        if (d > -GRAD_EPS && d < GRAD_EPS) continue;
        const bg = (bg2[l] ?? 0) + d * d;
        bg2[l] = bg;
        bias[l] = (bias[l] ?? 0) - (lr * d) / (Math.sqrt(bg) + 1e-8);
        for (let k = start; k < end; k++) {
          const at = (indices[k] ?? 0) * L + l;
          const wl = w[at] ?? 0;
          const g = d * (values[k] ?? 0) + l2 * wl;
          const acc = (g2[at] ?? 0) + g * g;
          g2[at] = acc;
          w[at] = wl - (lr * g) / (Math.sqrt(acc) + 1e-8);
        }
      }
    }
  }
  return { featureCount, labelCount: L, weights: w, bias };
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
 * a point of accuracy at the same query cost, since the result is still one weight matrix.
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
  let sum: SoftmaxModel | undefined;
  for (let m = 0; m < members; m++) {
    const seed = (options.seed + Math.imul(m, 0x9e3779b9)) >>> 0;
    const model = trainSoftmax(x, labels, rowWeights, featureCount, labelCount, { ...options, seed });
    if (!sum) {
      sum = model;
      continue;
    }
    const w = sum.weights;
    const b = sum.bias;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) + (model.weights[i] ?? 0);
    for (let l = 0; l < b.length; l++) b[l] = (b[l] ?? 0) + (model.bias[l] ?? 0);
  }
  if (!sum) return trainSoftmax(x, labels, rowWeights, featureCount, labelCount, options);
  const scale = 1 / members;
  for (let i = 0; i < sum.weights.length; i++) sum.weights[i] = (sum.weights[i] ?? 0) * scale;
  for (let l = 0; l < sum.bias.length; l++) sum.bias[l] = (sum.bias[l] ?? 0) * scale;
  return sum;
}
