import { describe, expect, it } from "vitest";
import { fitScoreScale, type ScoreSample, scoreConfidence } from "./fit-score-scale.js";

describe("scoreConfidence", () => {
  it("is 0 without a match, 0.5 at the scale and rises towards 1", () => {
    expect(scoreConfidence(0, 3)).toBe(0);
    expect(scoreConfidence(-1, 3)).toBe(0);
    expect(scoreConfidence(3, 3)).toBe(0.5);
    expect(scoreConfidence(30, 3)).toBeGreaterThan(scoreConfidence(6, 3));
    expect(scoreConfidence(1e9, 3)).toBeLessThanOrEqual(1);
  });
});

describe("fitScoreScale", () => {
  it("recovers the scale behind scores whose hit rate is score / (score + 4)", () => {
    const at = (score: number, right: number, of: number): ScoreSample[] =>
      Array.from({ length: of }, (_, i) => ({ score, correct: i < right }));
    // score 4/3 → 25 % right, 4 → 50 %, 12 → 75 %: exactly score / (score + 4).
    const samples = [...at(4 / 3, 1, 4), ...at(4, 2, 4), ...at(12, 3, 4), ...at(0, 0, 3)];
    const k = fitScoreScale(samples);
    expect(k).toBeGreaterThan(3.5);
    expect(k).toBeLessThan(4.5);
  });

  it("is 1 without samples", () => {
    expect(fitScoreScale([])).toBe(1);
  });
});
