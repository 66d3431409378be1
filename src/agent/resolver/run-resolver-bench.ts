/**
 * The resolver benchmark behind `vouch bench resolver` and `npm run bench`: Vouch's resolver and the
 * chosen peers, each trained on the same history and evaluated with the same threshold rules.
 */

import { cpus, totalmem } from "node:os";
import { VouchError } from "../../shared/errors.js";
import { type ContenderResult, evaluateContender } from "./evaluate-resolver.js";
import { type IntentDataset, loadIntentDataset } from "./load-dataset.js";
import { type Answerer, type Contender, PEER_NAMES, PEERS, type PeerName } from "./peer-resolvers.js";
import { ALGORITHM_VERSION } from "./resolver-state.js";
import { type ResolverOptions, trainResolver } from "./train-resolver.js";

/** Vouch's resolver as a bench contender: answers with the top candidate and the calibrated confidence. */
function vouchContender(options?: ResolverOptions): Contender {
  return {
    name: "Vouch",
    description: `${ALGORITHM_VERSION}: softmax regression on word/bigram/char-3..5-gram features + 10-NN vote, calibrated by cross-validation on train`,
    async train(examples): Promise<Answerer> {
      const model = trainResolver(examples, options);
      return (text) => {
        const r = model.resolve(text, 1);
        return { label: r.candidates[0]?.label ?? null, confidence: r.confidence };
      };
    },
  };
}

/** Vouch against one peer: ratios above 1 favour Vouch. */
interface PeerComparison {
  readonly peer: string;
  /** Vouch / peer, at the Larson operating point. */
  readonly inScopeAccuracy: number;
  readonly oosRecall: number;
  /** Vouch / peer, contract view. */
  readonly resolutionRate: number;
  readonly answerAccuracy: number;
  /** Peer / Vouch (how many times faster Vouch is). */
  readonly latencyP50: number;
  readonly latencyP99: number;
  /** Peer / Vouch (how many times faster Vouch trains; below 1 means Vouch is slower). */
  readonly trainTime: number;
  /** Peer / Vouch retained heap (below 1 means Vouch uses more). */
  readonly memory: number;
}

/** The whole bench outcome; `--json` prints it as is. */
export interface ResolverBenchReport {
  readonly dataset: {
    readonly path: string;
    readonly train: number;
    readonly labels: number;
    readonly val: number;
    readonly oosVal: number;
    readonly test: number;
    readonly oosTest: number;
  };
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
  };
  readonly vouch: ContenderResult;
  readonly peers: readonly ContenderResult[];
  readonly comparisons: readonly PeerComparison[];
}

/** Parses a `--peers` list: "all" (default), "none", or comma-separated names. */
export function parsePeerList(list: string | undefined): PeerName[] {
  const raw = (list ?? "all").trim().toLowerCase();
  if (raw === "all" || raw === "") return [...PEER_NAMES];
  if (raw === "none") return [];
  const names = raw.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(PEER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `unknown peer(s) ${unknown.join(", ")}; choose from ${PEER_NAMES.join(", ")}, all or none`,
    );
  }
  return [...new Set(names)] as PeerName[];
}

function compare(v: ContenderResult, p: ContenderResult): PeerComparison {
  return {
    peer: p.name,
    inScopeAccuracy: v.larson.test.inScopeAccuracy / p.larson.test.inScopeAccuracy,
    oosRecall: v.larson.test.oosRecall / p.larson.test.oosRecall,
    resolutionRate: v.contract.test.resolutionRate / p.contract.test.resolutionRate,
    answerAccuracy: v.contract.test.answerAccuracy / p.contract.test.answerAccuracy,
    latencyP50: p.latency.p50Ms / v.latency.p50Ms,
    latencyP99: p.latency.p99Ms / v.latency.p99Ms,
    trainTime: p.trainMs / v.trainMs,
    memory: p.memory.heapDeltaBytes / v.memory.heapDeltaBytes,
  };
}

/** Options of {@link runResolverBench}. */
interface BenchOptions {
  readonly peers?: readonly PeerName[];
  readonly progress?: (line: string) => void;
  readonly resolverOptions?: ResolverOptions;
}

/** Runs the bench on an already loaded dataset. */
export async function runResolverBenchOn(
  dataset: IntentDataset,
  path: string,
  options: BenchOptions = {},
): Promise<ResolverBenchReport> {
  const progress = options.progress ?? (() => {});
  const vouch = await evaluateContender(vouchContender(options.resolverOptions), dataset, progress);
  const peers: ContenderResult[] = [];
  for (const name of options.peers ?? PEER_NAMES)
    peers.push(await evaluateContender(PEERS[name], dataset, progress));
  const cpu = cpus();
  return {
    dataset: {
      path,
      train: dataset.train.length,
      labels: new Set(dataset.train.map(([, l]) => l)).size,
      val: dataset.val.length,
      oosVal: dataset.oosVal.length,
      test: dataset.test.length,
      oosTest: dataset.oosTest.length,
    },
    machine: {
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    vouch,
    peers,
    comparisons: peers.map((p) => compare(vouch, p)),
  };
}

/** Loads the dataset at `path` (DATASET_INVALID on any problem) and runs the bench. */
export async function runResolverBench(
  path: string,
  options: BenchOptions = {},
): Promise<ResolverBenchReport> {
  return runResolverBenchOn(loadIntentDataset(path), path, options);
}
