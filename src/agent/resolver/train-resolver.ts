/**
 * Trains the embedded resolver: a softmax linear model over hashed word/bigram/character-n-gram
 * features, blended with a k-nearest-neighbour vote over the training examples, with a confidence
 * calibrated on cross-validated predictions of the training data itself.
 */

import { VouchError } from "../../shared/errors.js";
import { sha256Hex, stableStringify } from "../../shared/hash.js";
import {
  buildNeighbourIndex,
  createNeighbourScratch,
  type NeighbourIndex,
  voteNeighbours,
} from "./build-neighbour-index.js";
import { buildVectorizer, type Vectorizer, vectorize } from "./build-vectorizer.js";
import { extractFeatureSets, type FeatureOptions, type FeatureSets } from "./extract-features.js";
import {
  applyCalibrator,
  type Calibrator,
  calibrationSignals,
  fitCalibrator,
  PRIOR_CALIBRATOR,
} from "./fit-calibrator.js";
import {
  createRandom,
  type SoftmaxModel,
  type SparseRows,
  softmaxInPlace,
  trainAveragedSoftmax,
} from "./train-softmax.js";
import type { Candidate, Resolution, ResolverModel, TrainingExample } from "./types.js";

/** Bumped whenever a change to this folder can change a trained model's outputs (it is in the digest). */
export const ALGORITHM_VERSION = "vouch-resolver/2";

/**
 * Tuning knobs; every field is optional and callers normally pass nothing. The defaults were chosen on
 * CLINC150's validation split and checked unchanged on other data (see README.md).
 */
export interface ResolverOptions {
  /** Feature extraction (word and bigram weights, character n-gram range and weight). */
  readonly features?: Partial<FeatureOptions>;
  /**
   * Features must occur in at least this many examples to get a weight. 1 keeps everything: on CLINC150
   * validation, 2 halves the model's memory but costs 0.1–0.2 points of accuracy.
   */
  readonly minDf?: number;
  /** Passes over the data per member; default scales with data size (≥ 5, more for small tenants). */
  readonly epochs?: number;
  /** Softmax models trained with different shuffles whose weights are averaged (see trainAveragedSoftmax). */
  readonly members?: number;
  /** AdaGrad base learning rate. */
  readonly learningRate?: number;
  /** L2 penalty per update. */
  readonly l2?: number;
  /** Neighbours that vote in the kNN component (1..64). */
  readonly neighbours?: number;
  /**
   * Share (0..1) of the kNN vote in the blended probability. "auto" picks it from a small grid by
   * held-out accuracy in the calibration cross-validation, so each tenant gets its own blend.
   */
  readonly neighbourWeight?: number | "auto";
  /** Cross-validation folds for calibration. */
  readonly folds?: number;
  /** Stop cross-validating once this many held-out predictions are collected (bounds training time). */
  readonly calibrationSamples?: number;
  /**
   * Expected share (0..1) of questions that no label answers. Cross-validation holds out whole labels to
   * simulate them, and they get this share of the calibration weight; 0 calibrates on covered questions
   * only.
   */
  readonly unsupportedShare?: number;
  /** Strength of the calibration prior, in pseudo-observations. */
  readonly calibrationPrior?: number;
  /** Seed for shuffling and fold assignment. */
  readonly seed?: number;
}

/** Options with every default filled in; this is what the digest covers. */
export type ResolvedOptions = Required<Omit<ResolverOptions, "features" | "epochs" | "neighbourWeight">> & {
  readonly features: FeatureOptions;
  readonly epochs: number | "auto";
  readonly neighbourWeight: number | "auto";
};

/** The defaults behind {@link ResolverOptions}. */
export const DEFAULT_OPTIONS: ResolvedOptions = {
  features: { wordWeight: 1, bigramWeight: 0.7, pairWeight: 0, charWeight: 1, charMin: 3, charMax: 5 },
  minDf: 1,
  epochs: "auto",
  members: 4,
  learningRate: 0.5,
  l2: 1e-5,
  neighbours: 10,
  neighbourWeight: "auto",
  folds: 5,
  calibrationSamples: 5000,
  unsupportedShare: 0.2,
  calibrationPrior: 10,
  seed: 20190904,
};

/** Fills defaults and validates ranges; a bad option is a caller bug, reported clearly. */
export function resolveOptions(options: ResolverOptions = {}): ResolvedOptions {
  const o: ResolvedOptions = {
    ...DEFAULT_OPTIONS,
    ...stripUndefined(options),
    features: { ...DEFAULT_OPTIONS.features, ...stripUndefined(options.features ?? {}) },
    epochs: options.epochs ?? "auto",
    neighbourWeight: options.neighbourWeight ?? "auto",
  };
  const f = o.features;
  const bad =
    !(f.charMin >= 1 && f.charMax >= f.charMin && f.charMax <= 8) ||
    ![f.wordWeight, f.bigramWeight, f.pairWeight, f.charWeight].every((w) => Number.isFinite(w) && w >= 0) ||
    !(Number.isInteger(o.minDf) && o.minDf >= 1) ||
    (o.epochs !== "auto" && !(Number.isInteger(o.epochs) && o.epochs >= 1 && o.epochs <= 1000)) ||
    !(o.learningRate > 0 && o.l2 >= 0) ||
    !(Number.isInteger(o.members) && o.members >= 1 && o.members <= 32) ||
    (o.neighbourWeight !== "auto" && !(o.neighbourWeight >= 0 && o.neighbourWeight <= 1)) ||
    !(Number.isInteger(o.neighbours) && o.neighbours >= 1 && o.neighbours <= 64) ||
    !(Number.isInteger(o.folds) && o.folds >= 2) ||
    !(o.unsupportedShare >= 0 && o.unsupportedShare < 1) ||
    !(o.calibrationSamples >= 0 && o.calibrationPrior > 0 && Number.isInteger(o.seed));
  if (bad) throw new VouchError("VALIDATION_FAILED", `invalid resolver options: ${JSON.stringify(options)}`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Epochs per member when left on "auto": about 50k example updates, at least 5 passes, at most 50. */
function epochsFor(options: ResolvedOptions, n: number): number {
  if (options.epochs !== "auto") return options.epochs;
  return Math.min(50, Math.max(5, Math.ceil(50_000 / Math.max(1, n))));
}

interface Prepared {
  readonly examples: readonly TrainingExample[];
  readonly labelNames: readonly string[];
  readonly labels: Int32Array;
  readonly weights: Float32Array;
  readonly features: readonly FeatureSets[];
}

/** Canonical order (label, text, weight) so the model does not depend on the order examples arrive in. */
function canonicalExamples(examples: readonly TrainingExample[]): TrainingExample[] {
  for (const e of examples) {
    const w = e.weight ?? 1;
    if (typeof e.text !== "string" || typeof e.label !== "string" || !(Number.isFinite(w) && w > 0)) {
      throw new VouchError(
        "VALIDATION_FAILED",
        `invalid training example (text and label must be strings, weight a positive number): ${JSON.stringify(e)}`,
      );
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return examples
    .map((e) => ({ text: e.text, label: e.label, weight: e.weight ?? 1 }))
    .sort((a, b) => cmp(a.label, b.label) || cmp(a.text, b.text) || a.weight - b.weight);
}

function prepare(examples: readonly TrainingExample[], options: ResolvedOptions): Prepared {
  const sorted = canonicalExamples(examples);
  const labelNames = [...new Set(sorted.map((e) => e.label))];
  const labelIds = new Map(labelNames.map((l, i) => [l, i]));
  return {
    examples: sorted,
    labelNames,
    labels: Int32Array.from(sorted, (e) => labelIds.get(e.label) ?? 0),
    weights: Float32Array.from(sorted, (e) => e.weight ?? 1),
    features: sorted.map((e) => extractFeatureSets(e.text, options.features)),
  };
}

/** The two trained components plus scratch space. */
interface Scorer {
  readonly vectorizer: Vectorizer;
  readonly softmax: SoftmaxModel;
  readonly neighbours: NeighbourIndex;
  /** Fills the linear model's probabilities and the kNN vote; returns the side signals. */
  score(
    features: FeatureSets,
    linear: Float64Array,
    votes: Float64Array,
  ): { knownMass: number; nearest: number };
}

/** Candidate kNN shares for "auto"; the fallback is used when cross-validation has nothing to judge by. */
const NEIGHBOUR_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5] as const;
const FALLBACK_NEIGHBOUR_WEIGHT = 0.2;

/** Blends linear probabilities and kNN votes into `out`; an empty vote leaves the linear model alone. */
function blend(
  linear: ArrayLike<number>,
  votes: ArrayLike<number>,
  nearest: number,
  alpha: number,
  out: Float64Array,
): void {
  const a = nearest > 0 ? alpha : 0;
  for (let l = 0; l < out.length; l++) out[l] = (1 - a) * (linear[l] ?? 0) + a * (votes[l] ?? 0);
}

function buildScorer(
  data: Prepared,
  options: ResolvedOptions,
  subset: Int32Array,
  labelCount: number,
  epochs: number,
): Scorer {
  const fullRows = data.features.map((f) => f.full);
  const vectorizer = buildVectorizer(fullRows, subset, options.minDf);
  const vectors = Array.from(subset, (r) => vectorize(vectorizer, fullRows[r] ?? EMPTY_FEATURES));
  const softmax = trainAveragedSoftmax(
    toSparseRows(vectors),
    Int32Array.from(subset, (r) => data.labels[r] ?? 0),
    Float32Array.from(subset, (r) => data.weights[r] ?? 1),
    vectorizer.columns.size,
    labelCount,
    { epochs, learningRate: options.learningRate, l2: options.l2, seed: options.seed },
    options.members,
  );
  const neighbours = buildNeighbourIndex(
    data.features.map((f) => f.words),
    data.labels,
    data.weights,
    subset,
  );
  return assembleScorer(vectorizer, softmax, neighbours, options);
}

// A separate function so the returned closure cannot keep the training data alive: V8 retains every
// variable that any closure of a scope captures, and the training features are tens of megabytes.
function assembleScorer(
  vectorizer: Vectorizer,
  softmax: SoftmaxModel,
  neighbours: NeighbourIndex,
  options: ResolvedOptions,
): Scorer {
  const scratch = createNeighbourScratch(neighbours);
  const k = options.neighbours;
  return {
    vectorizer,
    softmax,
    neighbours,
    score(features, linear, votes) {
      const q = vectorize(vectorizer, features.full);
      linearScores(softmax, q.indices, q.values, linear);
      softmaxInPlace(linear);
      const nearest = voteNeighbours(neighbours, features.words, k, votes, scratch);
      return { knownMass: q.knownMass, nearest };
    },
  };
}

const EMPTY_FEATURES = { keys: new Uint32Array(0), values: new Float64Array(0) };

function linearScores(m: SoftmaxModel, indices: Int32Array, values: Float32Array, out: Float64Array): void {
  const L = m.labelCount;
  const w = m.weights;
  for (let l = 0; l < L; l++) out[l] = m.bias[l] ?? 0;
  for (let j = 0; j < indices.length; j++) {
    const base = (indices[j] ?? 0) * L;
    const v = values[j] ?? 0;
    for (let l = 0; l < L; l++) out[l] = (out[l] ?? 0) + v * (w[base + l] ?? 0);
  }
}

function toSparseRows(vectors: readonly { indices: Int32Array; values: Float32Array }[]): SparseRows {
  const indptr = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => {
    indptr[i + 1] = (indptr[i] ?? 0) + v.indices.length;
  });
  const total = indptr[vectors.length] ?? 0;
  const indices = new Int32Array(total);
  const values = new Float32Array(total);
  vectors.forEach((v, i) => {
    indices.set(v.indices, indptr[i] ?? 0);
    values.set(v.values, indptr[i] ?? 0);
  });
  return { indptr, indices, values };
}

/** Index of the largest and second largest entry. */
function topTwo(p: Float64Array): [number, number] {
  let a = -1;
  let b = -1;
  for (let l = 0; l < p.length; l++) {
    const v = p[l] ?? 0;
    if (a < 0 || v > (p[a] ?? 0)) {
      b = a;
      a = l;
    } else if (b < 0 || v > (p[b] ?? 0)) b = l;
  }
  return [a, b];
}

/**
 * Stratified k-fold cross-validation: each label's examples are dealt round-robin into folds after a
 * seeded shuffle. In addition, each fold removes one k-th of the labels from training altogether: their
 * held-out examples stand in for questions no article answers, which in-scope data alone cannot show.
 * Held-out rows of a label with no example left in training are otherwise skipped. Folds run until
 * `calibrationSamples` held-out predictions exist, so large tenants pay for two or three folds.
 */
function crossValidate(
  data: Prepared,
  options: ResolvedOptions,
  epochs: number,
): { signals: number[][]; correct: boolean[]; weights: number[]; neighbourWeight: number } {
  const n = data.labels.length;
  const L = data.labelNames.length;
  const k = options.folds;
  const fold = new Int32Array(n);
  const rand = createRandom(options.seed ^ 0x5bd1e995);
  const byLabel: number[][] = Array.from({ length: L }, () => []);
  data.labels.forEach((l, i) => {
    byLabel[l]?.push(i);
  });
  let offset = 0;
  for (const rows of byLabel) {
    shuffle(rows, rand);
    // Rotating the starting fold spreads single-example labels over all folds.
    rows.forEach((r, i) => {
      fold[r] = (i + offset) % k;
    });
    offset++;
  }
  // Unsupported-question simulation needs enough labels that the rest still make a classifier.
  const simulate = options.unsupportedShare > 0 && L >= 4;
  const labelFold = shuffle(
    Array.from({ length: L }, (_, l) => l),
    rand,
  ).reduce((acc, l, i) => acc.set(l, i % k), new Map<number, number>());

  const held: HeldOut[] = [];
  const linear = new Float64Array(L);
  const votes = new Float64Array(L);
  for (let f = 0; f < k && held.length < options.calibrationSamples; f++) {
    const out = (label: number): boolean => simulate && labelFold.get(label) === f;
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      const label = data.labels[i] ?? 0;
      if (out(label)) test.push(i);
      else (fold[i] === f ? test : train).push(i);
    }
    const seen = new Set(train.map((i) => data.labels[i]));
    const evalRows = test.filter((i) => seen.has(data.labels[i]) || out(data.labels[i] ?? 0));
    if (evalRows.length === 0 || seen.size < 2) continue;
    const scorer = buildScorer(data, options, Int32Array.from(train), L, epochs);
    for (const i of evalRows) {
      const side = scorer.score(data.features[i] ?? EMPTY_SETS, linear, votes);
      held.push({
        label: data.labels[i] ?? 0,
        unsupported: out(data.labels[i] ?? 0),
        linear: Float32Array.from(linear),
        votes: Float32Array.from(votes),
        ...side,
      });
    }
  }
  const supported = held.filter((h) => !h.unsupported);
  const alpha =
    options.neighbourWeight === "auto" ? chooseNeighbourWeight(supported, L) : options.neighbourWeight;
  // Weights give the unsupported rows `unsupportedShare` of the total, whatever their raw count.
  const nu = held.length - supported.length;
  const share = nu > 0 && supported.length > 0 ? options.unsupportedShare : 0;
  const ws = supported.length > 0 ? ((1 - share) * held.length) / supported.length : 0;
  const wu = nu > 0 ? (share * held.length) / nu : 0;
  const probs = new Float64Array(L);
  const signals: number[][] = [];
  const correct: boolean[] = [];
  const weights: number[] = [];
  for (const h of held) {
    blend(h.linear, h.votes, h.nearest, alpha, probs);
    const [a, b] = topTwo(probs);
    signals.push(calibrationSignals(probs[a] ?? 0, b >= 0 ? (probs[b] ?? 0) : 0, h.knownMass, h.nearest));
    correct.push(!h.unsupported && a === h.label);
    weights.push(h.unsupported ? wu : ws);
  }
  return { signals, correct, weights, neighbourWeight: alpha };
}

/** One held-out prediction of the cross-validation, kept unblended so the blend can be chosen after. */
interface HeldOut {
  readonly label: number;
  readonly unsupported: boolean;
  readonly linear: Float32Array;
  readonly votes: Float32Array;
  readonly knownMass: number;
  readonly nearest: number;
}

/**
 * The kNN share with the best held-out accuracy (ties: the smaller share). Accuracy rather than
 * log-likelihood: the vote is sparse and sharp, so likelihood punishes it for confident misses the
 * linear model smooths over, while what the product needs is the right top answer.
 */
function chooseNeighbourWeight(held: readonly HeldOut[], labelCount: number): number {
  if (held.length === 0) return FALLBACK_NEIGHBOUR_WEIGHT;
  const probs = new Float64Array(labelCount);
  let best: number = FALLBACK_NEIGHBOUR_WEIGHT;
  let bestLl = Number.NEGATIVE_INFINITY;
  for (const alpha of NEIGHBOUR_WEIGHTS) {
    let ll = 0;
    for (const h of held) {
      blend(h.linear, h.votes, h.nearest, alpha, probs);
      if (topTwo(probs)[0] === h.label) ll++;
    }
    if (ll > bestLl + 1e-9) {
      bestLl = ll;
      best = alpha;
    }
  }
  return best;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

const EMPTY_SETS: FeatureSets = { full: EMPTY_FEATURES, words: EMPTY_FEATURES };

/**
 * Learns a resolver from labelled examples. Deterministic: the same examples (in any order) and options
 * give the same digest and the same resolutions. Throws VALIDATION_FAILED for malformed examples or
 * options; an empty example list gives a model that resolves nothing with confidence 0.
 */
export function trainResolver(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): ResolverModel {
  return trainResolverWithDiagnostics(examples, options).model;
}

/** A trained model plus what the bench and README report about it. */
export interface TrainedResolver {
  readonly model: ResolverModel;
  readonly calibrator: Calibrator;
  /** The kNN share in the blend (chosen by cross-validation unless fixed by options). */
  readonly neighbourWeight: number;
  /** The calibration signals of a question (see SIGNAL_NAMES in fit-calibrator.ts). */
  signals(text: string): number[];
}

/** {@link trainResolver}, also returning the fitted calibrator and a signal probe for diagnostics. */
export function trainResolverWithDiagnostics(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): TrainedResolver {
  const resolved = resolveOptions(options);
  const data = prepare(examples, resolved);
  const digest = digestOf(resolved, data.examples);
  const L = data.labelNames.length;
  const n = data.examples.length;
  if (L === 0) {
    return {
      model: { digest, labelCount: 0, exampleCount: 0, resolve: () => ({ candidates: [], confidence: 0 }) },
      calibrator: PRIOR_CALIBRATOR,
      neighbourWeight: 0,
      signals: () => [],
    };
  }
  const epochs = epochsFor(resolved, n);
  const cv = crossValidate(data, resolved, epochs);
  const calibrator = fitCalibrator(cv.signals, cv.correct, resolved.calibrationPrior, cv.weights);
  const scorer = buildScorer(
    data,
    resolved,
    Int32Array.from({ length: n }, (_, i) => i),
    L,
    epochs,
  );
  return assembleModel(digest, n, data.labelNames, scorer, calibrator, resolved.features, cv.neighbourWeight);
}

/** SHA-256 over algorithm version, resolved options and the canonical example list. */
function digestOf(options: ResolvedOptions, examples: readonly TrainingExample[]): string {
  return sha256Hex(
    stableStringify({
      version: ALGORITHM_VERSION,
      options,
      examples: examples.map((e) => [e.label, e.text, e.weight ?? 1]),
    }),
  );
}

// Kept apart from training for the same reason as assembleScorer: the closures below must not capture
// the training data.
function assembleModel(
  digest: string,
  exampleCount: number,
  labelNames: readonly string[],
  scorer: Scorer,
  calibrator: Calibrator,
  features: FeatureOptions,
  neighbourWeight: number,
): TrainedResolver {
  const L = labelNames.length;
  const probs = new Float64Array(L);
  const linear = new Float64Array(L);
  const votes = new Float64Array(L);
  const signalsOf = (text: string): number[] => {
    const sets = extractFeatureSets(typeof text === "string" ? text : "", features);
    const side = scorer.score(sets, linear, votes);
    blend(linear, votes, side.nearest, neighbourWeight, probs);
    const [a, b] = topTwo(probs);
    return calibrationSignals(probs[a] ?? 0, b >= 0 ? (probs[b] ?? 0) : 0, side.knownMass, side.nearest);
  };
  const model: ResolverModel = {
    digest,
    labelCount: L,
    exampleCount,
    resolve(text: string, k = 5): Resolution {
      const signals = signalsOf(text);
      const limit = Math.max(0, Math.min(L, Number.isFinite(k) ? Math.floor(k) : 5));
      const candidates = topK(probs, limit).map(
        (l): Candidate => ({ label: labelNames[l] ?? "", score: probs[l] ?? 0 }),
      );
      return { candidates, confidence: applyCalibrator(calibrator, signals) };
    },
  };
  return { model, calibrator, neighbourWeight, signals: signalsOf };
}

/** Indices of the k largest entries, best first; ties broken by lower index for determinism. */
function topK(p: Float64Array, k: number): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  for (let l = 0; l < p.length; l++) {
    const v = p[l] ?? 0;
    if (out.length === k && v <= (p[out[k - 1] ?? 0] ?? 0)) continue;
    let at = out.length === k ? k - 1 : out.length;
    if (out.length < k) out.push(l);
    while (at > 0 && v > (p[out[at - 1] ?? 0] ?? 0)) {
      out[at] = out[at - 1] ?? 0;
      at--;
    }
    out[at] = l;
  }
  return out;
}
