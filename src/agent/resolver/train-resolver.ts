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
import {
  buildFeatureTable,
  type FeatureTable,
  type ProjectedRows,
  projectTable,
  type TableProjection,
  vectorizerOf,
  vectorizeTableRows,
} from "./build-vectorizer.js";
import { extractFeatureSets, type FeatureOptions } from "./extract-features.js";
import { type Calibrator, fitCalibrator, PRIOR_CALIBRATOR } from "./fit-calibrator.js";
import { ALGORITHM_VERSION, type ResolverState } from "./resolver-state.js";
import {
  blend,
  linearProbabilities,
  restoreResolver,
  restoreWithSignals,
  signalsOf,
  topTwo,
} from "./restore-resolver.js";
import { createRandom, type SoftmaxModel, shuffle, trainAveragedSoftmax } from "./train-softmax.js";
import type { ResolverModel, TrainingExample } from "./types.js";

export { ALGORITHM_VERSION } from "./resolver-state.js";

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
  /** Passes over the data per member; default scales inversely with data size (2 to 10, see epochsFor). */
  readonly epochs?: number;
  /** Softmax models trained with different shuffles whose weights are averaged (see trainAveragedSoftmax). */
  readonly members?: number;
  /**
   * Soup members of each cross-validation model. The calibration only needs held-out scores that look
   * like the final model's, and one member gives those at a quarter of the cost (see README.md).
   */
  readonly calibrationMembers?: number;
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
  /**
   * Stop cross-validating once this many held-out predictions are collected (bounds training time). On
   * CLINC150 validation and product-scale draws, 1,000 fit the calibrator and pick the kNN share as well
   * as 5,000 did, with two fifths fewer folds for a tenant of ~1,000 examples.
   */
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
type ResolvedOptions = Required<Omit<ResolverOptions, "features" | "epochs" | "neighbourWeight">> & {
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
  calibrationMembers: 1,
  learningRate: 0.5,
  l2: 1e-5,
  neighbours: 10,
  neighbourWeight: "auto",
  folds: 5,
  calibrationSamples: 1000,
  unsupportedShare: 0.2,
  calibrationPrior: 10,
  seed: 20190904,
};

/** Fills defaults and validates ranges; a bad option is a caller bug, reported clearly. */
function resolveOptions(options: ResolverOptions = {}): ResolvedOptions {
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
    !(Number.isInteger(o.calibrationMembers) && o.calibrationMembers >= 1 && o.calibrationMembers <= 32) ||
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

/**
 * Epochs per member when left on "auto": about EPOCH_BUDGET example updates, at least 2 passes, at most
 * 10. Two passes already reach the accuracy of 5–20 on CLINC150 and on product-scale draws from it
 * (AdaGrad's first step on every weight is a full-size one); tiny tenants, where passes are nearly free,
 * gain a point or two from more.
 */
function epochsFor(options: ResolvedOptions, n: number): number {
  if (options.epochs !== "auto") return options.epochs;
  return Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.round(EPOCH_BUDGET / Math.max(1, n))));
}

const EPOCH_BUDGET = 2000;
const MIN_EPOCHS = 2;
const MAX_EPOCHS = 10;

interface Prepared {
  readonly examples: readonly TrainingExample[];
  readonly labelNames: readonly string[];
  readonly labels: Int32Array;
  readonly weights: Float32Array;
  /** All feature groups of every example (the linear model's input). */
  readonly full: FeatureTable;
  /** Word features of every example (the neighbour index's input). */
  readonly words: FeatureTable;
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
  const sets = sorted.map((e) => extractFeatureSets(e.text, options.features));
  return {
    examples: sorted,
    labelNames,
    labels: Int32Array.from(sorted, (e) => labelIds.get(e.label) ?? 0),
    weights: Float32Array.from(sorted, (e) => e.weight ?? 1),
    full: buildFeatureTable(sets.map((f) => f.full)),
    words: buildFeatureTable(sets.map((f) => f.words)),
  };
}

/** The two learned components over a subset of the examples, with the vocabularies they were built on. */
interface Components {
  readonly full: TableProjection;
  readonly softmax: SoftmaxModel;
  readonly words: TableProjection;
  readonly index: NeighbourIndex;
}

/** Candidate kNN shares for "auto"; the fallback is used when cross-validation has nothing to judge by. */
const NEIGHBOUR_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5] as const;
const FALLBACK_NEIGHBOUR_WEIGHT = 0.2;

function trainComponents(
  data: Prepared,
  options: ResolvedOptions,
  subset: Int32Array,
  labelCount: number,
  epochs: number,
  members: number,
): Components {
  const full = projectTable(data.full, subset, options.minDf);
  const labels = Int32Array.from(subset, (r) => data.labels[r] ?? 0);
  const weights = Float32Array.from(subset, (r) => data.weights[r] ?? 1);
  const softmax = trainAveragedSoftmax(
    vectorizeTableRows(data.full, full, subset),
    labels,
    weights,
    full.columnCount,
    labelCount,
    { epochs, learningRate: options.learningRate, l2: options.l2, seed: options.seed },
    members,
  );
  const words = projectTable(data.words, subset);
  const index = buildNeighbourIndex(
    vectorizeTableRows(data.words, words, subset),
    words.columnCount,
    labels,
    weights,
  );
  return { full, softmax, words, index };
}

/**
 * Stratified k-fold cross-validation: each label's examples are dealt round-robin into folds after a
 * seeded shuffle. In addition, each fold removes one k-th of the labels from training altogether: their
 * held-out examples stand in for questions no article answers, which in-scope data alone cannot show.
 * Held-out rows of a label with no example left in training are otherwise skipped. Folds run until
 * `calibrationSamples` held-out predictions exist, so large tenants pay for one or two folds. Each fold
 * trains `calibrationMembers` soup members with the final model's epochs.
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
    const c = trainComponents(data, options, Int32Array.from(train), L, epochs, options.calibrationMembers);
    const scratch = createNeighbourScratch(c.index);
    const full = vectorizeTableRows(data.full, c.full, evalRows);
    const words = vectorizeTableRows(data.words, c.words, evalRows);
    evalRows.forEach((i, e) => {
      const row = (m: ProjectedRows) => {
        const start = m.indptr[e] ?? 0;
        const end = m.indptr[e + 1] ?? 0;
        return { indices: m.indices.subarray(start, end), values: m.values.subarray(start, end) };
      };
      const q = row(full);
      linearProbabilities(c.softmax, q.indices, q.values, linear);
      const nearest = voteNeighbours(c.index, row(words), options.neighbours, votes, scratch);
      held.push({
        label: data.labels[i] ?? 0,
        unsupported: out(data.labels[i] ?? 0),
        linear: Float32Array.from(linear),
        votes: Float32Array.from(votes),
        knownMass: full.knownMass[e] ?? 0,
        nearest,
      });
    });
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
    signals.push(signalsOf(probs, h.knownMass, h.nearest));
    correct.push(!h.unsupported && topTwo(probs)[0] === h.label);
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

/**
 * Learns a resolver from labelled examples and returns it as plain, structured-clone-able data (see
 * ResolverState), ready to be sent from a worker thread and wrapped with {@link restoreResolver}.
 * Deterministic: the same examples (in any order) and options give the same digest and the same state.
 * Throws VALIDATION_FAILED for malformed examples or options; an empty example list gives a state that
 * resolves nothing with confidence 0.
 */
export function trainResolverState(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): ResolverState {
  return trainState(examples, options).state;
}

function trainState(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): { state: ResolverState; calibrator: Calibrator } {
  const resolved = resolveOptions(options);
  const data = prepare(examples, resolved);
  const digest = digestOf(resolved, data.examples);
  const L = data.labelNames.length;
  const n = data.examples.length;
  if (L === 0) return { state: emptyState(digest, resolved), calibrator: PRIOR_CALIBRATOR };
  const epochs = epochsFor(resolved, n);
  const cv = crossValidate(data, resolved, epochs);
  const calibrator = fitCalibrator(cv.signals, cv.correct, resolved.calibrationPrior, cv.weights);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const c = trainComponents(data, resolved, all, L, epochs, resolved.members);
  const state: ResolverState = {
    version: ALGORITHM_VERSION,
    digest,
    exampleCount: n,
    labels: [...data.labelNames],
    features: { ...resolved.features },
    vectorizer: vectorizerOf(data.full, c.full),
    softmax: c.softmax,
    wordVectorizer: vectorizerOf(data.words, c.words),
    index: c.index,
    neighbours: resolved.neighbours,
    neighbourWeight: cv.neighbourWeight,
    calibrator,
  };
  return { state, calibrator };
}

function emptyState(digest: string, options: ResolvedOptions): ResolverState {
  const none = { columns: new Map<number, number>(), idf: new Float32Array(0) };
  return {
    version: ALGORITHM_VERSION,
    digest,
    exampleCount: 0,
    labels: [],
    features: { ...options.features },
    vectorizer: none,
    softmax: { featureCount: 0, labelCount: 0, weights: new Float32Array(0), bias: new Float64Array(0) },
    wordVectorizer: none,
    index: buildNeighbourIndex(
      { indptr: new Int32Array(1), indices: new Int32Array(0), values: new Float32Array(0) },
      0,
      new Int32Array(0),
      new Float32Array(0),
    ),
    neighbours: options.neighbours,
    neighbourWeight: 0,
    calibrator: PRIOR_CALIBRATOR,
  };
}

/**
 * Learns a resolver from labelled examples: `restoreResolver(trainResolverState(examples, options))`.
 * Runs on the calling thread; createWorkerTrainer runs the same training in a worker thread.
 */
export function trainResolver(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): ResolverModel {
  return restoreResolver(trainResolverState(examples, options));
}

/** A trained model plus what the bench and README report about it. */
interface TrainedResolver {
  readonly model: ResolverModel;
  readonly state: ResolverState;
  readonly calibrator: Calibrator;
  /** The kNN share in the blend (chosen by cross-validation unless fixed by options). */
  readonly neighbourWeight: number;
  /** The calibration signals of a question (see calibrationSignals in fit-calibrator.ts). */
  signals(text: string): number[];
}

/** {@link trainResolver}, also returning the state, the fitted calibrator and a signal probe. */
export function trainResolverWithDiagnostics(
  examples: readonly TrainingExample[],
  options?: ResolverOptions,
): TrainedResolver {
  const { state, calibrator } = trainState(examples, options);
  const restored = restoreWithSignals(state);
  return {
    model: restored.model,
    state,
    calibrator,
    neighbourWeight: state.neighbourWeight,
    signals: restored.signals,
  };
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
