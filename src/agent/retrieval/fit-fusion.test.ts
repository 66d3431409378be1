import { describe, expect, it } from "vitest";
import { type FusionSample, fitFusionWeights } from "./fit-fusion.js";
import type { FusionWeights, GatheredEvidence } from "./knowledge-model.js";
import { rankEvidence } from "./knowledge-model.js";
import { passageOf } from "./test-support.js";

const resolver = { candidates: [], confidence: 0 };

/** Two candidates: `right` is best by lexical share, `wrong` by learned probability. */
function evidence(rightShare: number, wrongLearned: number): GatheredEvidence {
  const candidate = (source: string, features: number[]) => ({
    passage: passageOf(source, "a", source),
    lexical: features[1] ?? 0,
    coverage: features[0] ?? 0,
    uncovered: 0,
    learned: features[2] ?? 0,
    features,
  });
  return {
    candidates: [
      candidate("art_right", [0.8, rightShare, 0.1, 0, 1]),
      candidate("art_wrong", [0.5, 0.6, wrongLearned, 1, 0.6]),
    ],
    resolver,
    lexicalTop: "art_right",
  };
}

const start: FusionWeights = {
  rank: { bias: 0, weights: [0, 0, 5, 0, 0], sampleSize: 0 },
  confidence: { bias: 0, weights: [0, 0, 0, 0, 0, 0], sampleSize: 0 },
};

describe("fitting the fusion weights", () => {
  it("chooses rank weights that put the right source first more often", () => {
    const samples: FusionSample[] = Array.from({ length: 40 }, (_, i) => ({
      evidence: evidence(1, 0.3 + (i % 5) * 0.1),
      sourceId: "art_right",
    }));
    const before = samples.filter(
      (s) => rankEvidence(s.evidence, start, 1).ranked[0]?.passage.sourceId === "art_right",
    ).length;
    const fitted = fitFusionWeights(samples, start);
    const after = samples.filter(
      (s) => rankEvidence(s.evidence, fitted, 1).ranked[0]?.passage.sourceId === "art_right",
    ).length;
    expect(before).toBe(0);
    expect(after).toBe(samples.length);
  });

  it("fits a confidence that is higher where the best passage is right", () => {
    const answerable: FusionSample[] = Array.from({ length: 30 }, () => ({
      evidence: evidence(1, 0.1),
      sourceId: "art_right",
    }));
    const unanswerable: FusionSample[] = Array.from({ length: 30 }, () => ({
      evidence: {
        ...evidence(1, 0.1),
        candidates: evidence(1, 0.1).candidates.map((c) => ({
          ...c,
          coverage: 0.1,
          uncovered: 1,
          features: [0.1, ...c.features.slice(1)],
        })),
      },
      sourceId: null,
    }));
    const fitted = fitFusionWeights([...answerable, ...unanswerable], start);
    const sure = rankEvidence(answerable[0]!.evidence, fitted).confidence;
    const unsure = rankEvidence(unanswerable[0]!.evidence, fitted).confidence;
    expect(sure).toBeGreaterThan(0.8);
    expect(unsure).toBeLessThan(0.2);
  });
});
