/**
 * The embedded resolver: learns a tenant's answer targets from labelled questions and resolves new
 * questions to ranked candidates with a calibrated confidence. CPU-only, no network, deterministic.
 * See README.md in this folder for the algorithm and its measured figures.
 */

export { createWorkerTrainer, type WorkerTrainer } from "./create-worker-trainer.js";
export {
  CONTRACT_ACCURACY_TARGET,
  type ContenderResult,
  evaluateContender,
  expectedCalibrationError,
  type LatencyStats,
  type MemoryUsage,
  OOS_LABEL,
  OOS_RECALL_FLOOR,
} from "./evaluate-resolver.js";
export type { FeatureOptions } from "./extract-features.js";
export { formatBenchMarkdown, formatBenchText } from "./format-bench-report.js";
export {
  type IntentDataset,
  type LabelledText,
  loadIntentDataset,
  parseIntentDataset,
} from "./load-dataset.js";
export {
  drawProductCase,
  formatTrainingScaleMarkdown,
  measureTrainingScale,
  type TrainingScaleCase,
  type TrainingScaleRow,
} from "./measure-training-scale.js";
export {
  type Answer,
  type Answerer,
  type Contender,
  PEER_NAMES,
  PEERS,
  type PeerName,
} from "./peer-resolvers.js";
export { ALGORITHM_VERSION, type ResolverState } from "./resolver-state.js";
export { restoreResolver } from "./restore-resolver.js";
export {
  type BenchOptions,
  type PeerComparison,
  parsePeerList,
  type ResolverBenchReport,
  runResolverBench,
  runResolverBenchOn,
  vouchContender,
} from "./run-resolver-bench.js";
export {
  candidateThresholds,
  metricsAt,
  type ScoredQuery,
  selectAccuracyThreshold,
  selectBalancedThreshold,
  selectRecallThreshold,
  type ThresholdMetrics,
  wilsonLowerBound,
} from "./select-threshold.js";
export {
  DEFAULT_OPTIONS,
  type ResolvedOptions,
  type ResolverOptions,
  type TrainedResolver,
  trainResolver,
  trainResolverState,
  trainResolverWithDiagnostics,
} from "./train-resolver.js";
export type { Candidate, Resolution, ResolverModel, TrainingExample } from "./types.js";
