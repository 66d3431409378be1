/**
 * The embedded resolver: learns a tenant's answer targets from labelled questions and resolves new
 * questions to ranked candidates with a calibrated confidence. CPU-only, no network, deterministic.
 * See README.md in this folder for the algorithm and its measured figures.
 */

export { createWorkerTrainer } from "./create-worker-trainer.js";
export { applyCalibrator, type Calibrator, calibratorLogit, fitLogistic } from "./fit-calibrator.js";
export { formatBenchMarkdown, formatBenchText } from "./format-bench-report.js";
export { loadIntentDataset } from "./load-dataset.js";
export {
  drawProductCase,
  formatTrainingScaleMarkdown,
  measureTrainingScale,
} from "./measure-training-scale.js";
export { stem, tokenize } from "./normalize-text.js";
export { parsePeerList, runResolverBench } from "./run-resolver-bench.js";
export { trainResolver } from "./train-resolver.js";
export type { Candidate, Resolution, ResolverModel, TrainingExample } from "./types.js";
