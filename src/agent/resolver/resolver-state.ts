/**
 * A trained resolver as plain data: typed arrays, arrays, plain objects and Maps, nothing with methods or
 * a class prototype. It survives `structuredClone` and `postMessage`, so training can run in a worker
 * thread and hand the result back; `restoreResolver` wraps it into a model without retraining.
 */

import type { NeighbourIndex } from "./build-neighbour-index.js";
import type { Vectorizer } from "./build-vectorizer.js";
import type { FeatureOptions } from "./extract-features.js";
import type { Calibrator } from "./fit-calibrator.js";
import type { SoftmaxModel } from "./train-softmax.js";

/** Bumped whenever a change to this folder can change a trained model's outputs (it is in the digest). */
export const ALGORITHM_VERSION = "vouch-resolver/4";

/** Everything a trained resolver needs to answer; produced by `trainResolverState`. */
export interface ResolverState {
  /** The {@link ALGORITHM_VERSION} that produced it; restoring a state of another version is refused. */
  readonly version: string;
  /** Content hash of algorithm version, options and training data (see ResolverModel.digest). */
  readonly digest: string;
  readonly exampleCount: number;
  /** Label names; label ids in the components below index this list. */
  readonly labels: readonly string[];
  /** How queries become features (must match training). */
  readonly features: FeatureOptions;
  /** Vocabulary of the linear model (all feature groups). */
  readonly vectorizer: Vectorizer;
  readonly softmax: SoftmaxModel;
  /** Vocabulary of the nearest-neighbour index (word features only). */
  readonly wordVectorizer: Vectorizer;
  readonly index: NeighbourIndex;
  /** Neighbours that vote. */
  readonly neighbours: number;
  /** Share of the neighbour vote in the blended probability. */
  readonly neighbourWeight: number;
  readonly calibrator: Calibrator;
}
