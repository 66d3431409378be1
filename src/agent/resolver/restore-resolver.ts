/**
 * Turns a {@link ResolverState} back into a working model: no training, only the closures and scratch
 * buffers of the query path. Also home of the scoring steps that training's cross-validation shares with
 * the query path, so both score a question exactly the same way.
 */

import { VouchError } from "../../shared/errors.js";
import { createNeighbourScratch, voteNeighbours } from "./build-neighbour-index.js";
import { vectorize } from "./build-vectorizer.js";
import { extractFeatureSets } from "./extract-features.js";
import { applyCalibrator, calibrationSignals } from "./fit-calibrator.js";
import { ALGORITHM_VERSION, type ResolverState } from "./resolver-state.js";
import { type SoftmaxModel, scoreRow, softmaxInPlace } from "./train-softmax.js";
import type { Candidate, Resolution, ResolverModel } from "./types.js";

/** Blends linear probabilities and kNN votes into `out`; an empty vote leaves the linear model alone. */
export function blend(
  linear: ArrayLike<number>,
  votes: ArrayLike<number>,
  nearest: number,
  alpha: number,
  out: Float64Array,
): void {
  const a = nearest > 0 ? alpha : 0;
  for (let l = 0; l < out.length; l++) out[l] = (1 - a) * (linear[l] ?? 0) + a * (votes[l] ?? 0);
}

/** The linear model's probabilities for one vectorised question, into `out`. */
export function linearProbabilities(
  m: SoftmaxModel,
  indices: Int32Array,
  values: Float32Array,
  out: Float64Array,
): void {
  scoreRow(m, indices, values, out);
  softmaxInPlace(out);
}

/** Index of the largest and second largest entry. */
export function topTwo(p: Float64Array): [number, number] {
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

/** The calibration signals of blended probabilities `probs` (see fit-calibrator.ts). */
export function signalsOf(probs: Float64Array, knownMass: number, nearest: number): number[] {
  const [a, b] = topTwo(probs);
  return calibrationSignals(probs[a] ?? 0, b >= 0 ? (probs[b] ?? 0) : 0, knownMass, nearest);
}

/** A restored model plus the signal probe the bench and diagnostics use. */
interface RestoredResolver {
  readonly model: ResolverModel;
  /** The calibration signals of a question (see calibrationSignals in fit-calibrator.ts). */
  signals(text: string): number[];
}

/**
 * Wraps a trained state into a model. Cheap (allocates scratch buffers only) and pure: the state is
 * read, never changed, so one state may back several models. Throws VALIDATION_FAILED for a state made
 * by another algorithm version, whose numbers this code would misread.
 */
export function restoreResolver(state: ResolverState): ResolverModel {
  return restoreWithSignals(state).model;
}

/** {@link restoreResolver}, also returning the signal probe. */
export function restoreWithSignals(state: ResolverState): RestoredResolver {
  if (state?.version !== ALGORITHM_VERSION) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `resolver state of version ${String(state?.version)} cannot be restored by ${ALGORITHM_VERSION}; retrain`,
    );
  }
  const { digest, exampleCount, labels, features, vectorizer, softmax, wordVectorizer, index, calibrator } =
    state;
  const L = labels.length;
  if (L === 0) {
    return {
      model: { digest, labelCount: 0, exampleCount, resolve: () => ({ candidates: [], confidence: 0 }) },
      signals: () => [],
    };
  }
  const k = state.neighbours;
  const alpha = state.neighbourWeight;
  const scratch = createNeighbourScratch(index);
  const probs = new Float64Array(L);
  const linear = new Float64Array(L);
  const votes = new Float64Array(L);
  const signals = (text: string): number[] => {
    const sets = extractFeatureSets(typeof text === "string" ? text : "", features);
    const q = vectorize(vectorizer, sets.full);
    linearProbabilities(softmax, q.indices, q.values, linear);
    const nearest = voteNeighbours(index, vectorize(wordVectorizer, sets.words), k, votes, scratch);
    blend(linear, votes, nearest, alpha, probs);
    return signalsOf(probs, q.knownMass, nearest);
  };
  const model: ResolverModel = {
    digest,
    labelCount: L,
    exampleCount,
    resolve(text: string, limit = 5): Resolution {
      const s = signals(text);
      const n = Math.max(0, Math.min(L, Number.isFinite(limit) ? Math.floor(limit) : 5));
      const candidates = topK(probs, n).map(
        (l): Candidate => ({ label: labels[l] ?? "", score: probs[l] ?? 0 }),
      );
      return { candidates, confidence: applyCalibrator(calibrator, s) };
    },
  };
  return { model, signals };
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
