/**
 * Worker-thread entry point of createWorkerTrainer: trains one job per message and answers with the
 * plain ResolverState (its typed arrays transferred, not copied) or with the error. Jobs arrive one at a
 * time from the trainer; training is synchronous, so any extra message would simply wait its turn.
 */

import { parentPort } from "node:worker_threads";
import { isVouchError } from "../../shared/errors.js";
import type { ResolverState } from "./resolver-state.js";
import { type ResolverOptions, trainResolverState } from "./train-resolver.js";
import type { TrainingExample } from "./types.js";

/** A training job as the trainer posts it. */
export interface TrainJob {
  readonly id: number;
  readonly examples: readonly TrainingExample[];
  readonly options?: ResolverOptions;
}

/** The worker's answer to one job. */
export type TrainReply =
  | { readonly id: number; readonly state: ResolverState }
  | { readonly id: number; readonly error: { readonly code?: string; readonly message: string } };

/** The distinct ArrayBuffers behind the typed arrays of a state, to transfer instead of copy. */
function transferablesOf(state: ResolverState): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    state.vectorizer.idf,
    state.softmax.weights,
    state.softmax.bias,
    state.wordVectorizer.idf,
    state.index.postingStart,
    state.index.postingRows,
    state.index.postingValues,
    state.index.rowLabels,
    state.index.rowWeights,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

const port = parentPort;
if (port) {
  port.on("message", (job: TrainJob) => {
    let reply: TrainReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const state = trainResolverState(job.examples, job.options);
      reply = { id: job.id, state };
      transfer = transferablesOf(state);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      reply = { id: job.id, error: isVouchError(err) ? { code: err.code, message } : { message } };
    }
    port.postMessage(reply, transfer);
  });
}
