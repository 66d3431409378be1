import { buildMeasured, type Latency, latencyOf, scoreQueries } from "./evaluate-kb-contender.js";
import type { KbContender, KbQuery, KnowledgeBase } from "./types.js";

/** One contender's cost on a large knowledge base: what a tenant of that size costs to index and ask. */
export interface KbScaleResult {
  readonly name: string;
  readonly buildMs: number;
  /** Heap retained by the built contender: its memory per tenant of this size. */
  readonly heapDeltaBytes: number;
  readonly gcForced: boolean;
  readonly latency: Latency;
}

/**
 * Builds `contender` over `kb` and times `questions` one at a time, after asking `warmUp` untimed (so the
 * code is compiled and caches are filled as in a serving process).
 */
export async function measureKbScale(
  contender: KbContender,
  kb: KnowledgeBase,
  questions: readonly KbQuery[],
  warmUp: readonly KbQuery[],
): Promise<KbScaleResult> {
  const built = await buildMeasured(contender, kb);
  scoreQueries(built.answer, warmUp);
  const times: number[] = [];
  scoreQueries(built.answer, questions, times);
  return {
    name: contender.name,
    buildMs: built.buildMs,
    heapDeltaBytes: built.heapDeltaBytes,
    gcForced: built.gcForced,
    latency: latencyOf(times),
  };
}
