import type { Candidate, ResolverModel, TrainingExample } from "../resolver/types.js";

/**
 * A deliberately simple, predictable resolver for pipeline and API tests: score = best Jaccard overlap
 * of word sets with any example of a label; confidence = that overlap. Tests of the real resolver live
 * in ../resolver; these tests are about what the pipeline does with a resolution.
 */
export function trainWordOverlap(examples: readonly TrainingExample[]): ResolverModel {
  const words = (t: string) => new Set(t.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const items = examples.map((e) => ({ label: e.label, words: words(e.text) }));
  const labels = new Set(examples.map((e) => e.label));
  return {
    digest: `overlap:${examples.length}:${[...labels].sort().join(",")}`,
    labelCount: labels.size,
    exampleCount: examples.length,
    resolve(text: string, k = 3) {
      const q = words(text);
      const best = new Map<string, number>();
      for (const it of items) {
        let inter = 0;
        for (const w of q) if (it.words.has(w)) inter++;
        const union = q.size + it.words.size - inter;
        const s = union === 0 ? 0 : inter / union;
        if (s > (best.get(it.label) ?? -1)) best.set(it.label, s);
      }
      const candidates: Candidate[] = [...best.entries()]
        .map(([label, score]) => ({ label, score }))
        .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
        .slice(0, k);
      return { candidates, confidence: candidates[0]?.score ?? 0 };
    },
  };
}
