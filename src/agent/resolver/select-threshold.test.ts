import { describe, expect, it } from "vitest";
import {
  candidateThresholds,
  metricsAt,
  type ScoredQuery,
  selectAccuracyThreshold,
  selectBalancedThreshold,
  selectRecallThreshold,
  wilsonLowerBound,
} from "./select-threshold.js";

const q = (gold: string | null, predicted: string | null, confidence: number): ScoredQuery => ({
  gold,
  predicted,
  confidence,
});

// Four in-scope (three right), two out of scope; confidences separate them imperfectly.
const VAL: ScoredQuery[] = [
  q("a", "a", 0.9),
  q("b", "b", 0.8),
  q("c", "x", 0.6),
  q("d", "d", 0.4),
  q(null, "a", 0.5),
  q(null, "b", 0.2),
];

describe("metricsAt", () => {
  it("counts escalated in-scope queries as wrong and escalated OOS queries as right", () => {
    const m = metricsAt(VAL, 0.45);
    expect(m.inScopeAccuracy).toBeCloseTo(2 / 4);
    expect(m.oosRecall).toBeCloseTo(1 / 2);
    expect(m.answerRate).toBeCloseTo(4 / 6);
    expect(m.answerAccuracy).toBeCloseTo(2 / 4);
    expect(m.resolutionRate).toBeCloseTo(2 / 6);
  });

  it("answers everything at threshold 0 and nothing above every confidence", () => {
    expect(metricsAt(VAL, 0).answerRate).toBe(1);
    expect(metricsAt(VAL, 0).oosRecall).toBe(0);
    const none = metricsAt(VAL, 2);
    expect(none.answerRate).toBe(0);
    expect(none.oosRecall).toBe(1);
    expect(Number.isNaN(none.answerAccuracy)).toBe(true);
  });

  it("never answers a query without a prediction", () => {
    expect(metricsAt([q(null, null, 1)], 0).oosRecall).toBe(1);
  });
});

describe("candidateThresholds", () => {
  it("uses midpoints plus both extremes", () => {
    const t = candidateThresholds([q("a", "a", 0.2), q("a", "a", 0.6), q("a", "a", 0.6)]);
    expect(t[0]).toBe(0);
    expect(t[1]).toBeCloseTo(0.4);
    expect(t[2]).toBeGreaterThan(0.6);
    expect(t).toHaveLength(3);
  });
});

describe("selectBalancedThreshold", () => {
  it("maximises the mean of in-scope accuracy and OOS recall", () => {
    const t = selectBalancedThreshold(VAL);
    const m = metricsAt(VAL, t);
    let best = 0;
    for (const c of candidateThresholds(VAL)) {
      const x = metricsAt(VAL, c);
      best = Math.max(best, (x.inScopeAccuracy + x.oosRecall) / 2);
    }
    expect((m.inScopeAccuracy + m.oosRecall) / 2).toBeCloseTo(best);
    // Between 0.5 and 0.6: the OOS query at 0.5 is escalated, the right answer at 0.8 kept.
    expect(t).toBeGreaterThan(0.5);
    expect(t).toBeLessThan(0.6);
  });

  it("answers everything when validation has no out-of-scope queries", () => {
    expect(selectBalancedThreshold(VAL.filter((x) => x.gold !== null))).toBe(0);
  });
});

describe("selectAccuracyThreshold", () => {
  it("picks the lowest threshold meeting the answer-accuracy target", () => {
    const t = selectAccuracyThreshold(VAL, 0.95);
    expect(metricsAt(VAL, t).answerAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(t).toBeLessThan(0.8);
    expect(t).toBeGreaterThan(0.6);
    const lenient = selectAccuracyThreshold(VAL, 0.6);
    expect(lenient).toBeLessThan(t);
  });

  it("escalates everything when the target is unreachable", () => {
    const t = selectAccuracyThreshold([q("a", "b", 0.9), q(null, "a", 0.8)], 0.95);
    expect(metricsAt([q("a", "b", 0.9), q(null, "a", 0.8)], t).answerRate).toBe(0);
  });
});

describe("selectRecallThreshold", () => {
  it("picks the lowest threshold reaching the OOS recall floor", () => {
    const t = selectRecallThreshold(VAL, 0.5);
    expect(metricsAt(VAL, t).oosRecall).toBeGreaterThanOrEqual(0.5);
    expect(t).toBeLessThan(0.4);
    expect(metricsAt(VAL, selectRecallThreshold(VAL, 1)).oosRecall).toBe(1);
    expect(selectRecallThreshold(VAL.filter((x) => x.gold !== null))).toBe(0);
  });
});

describe("wilsonLowerBound", () => {
  it("matches the published Wilson interval and tightens with the sample", () => {
    expect(wilsonLowerBound(50, 100, 1.96)).toBeCloseTo(0.4038, 4);
    expect(wilsonLowerBound(0, 10, 1.96)).toBeCloseTo(0, 12);
    expect(wilsonLowerBound(10, 10, 1.96)).toBeCloseTo(0.7225, 4);
    expect(wilsonLowerBound(500, 1000, 1.96)).toBeGreaterThan(wilsonLowerBound(50, 100, 1.96));
    expect(wilsonLowerBound(3, 4, 0)).toBe(0.75);
    expect(wilsonLowerBound(0, 0, 1.645)).toBeNaN();
  });
});

describe("threshold rules with a confidence margin", () => {
  // 100 out-of-scope queries at confidences 0.00–0.99 and in-scope ones above them: OOS recall at a
  // threshold t is the share of OOS confidences below t.
  const oos = Array.from({ length: 100 }, (_, i) => q(null, "a", i / 100));
  const inScope = Array.from({ length: 50 }, (_, i) => q("a", "a", 1 + i / 100));
  const data = [...oos, ...inScope];

  it("requires the recall floor to hold beyond the validation sample's noise", () => {
    const point = metricsAt(data, selectRecallThreshold(data, 0.5)).oosRecall;
    const sure = metricsAt(data, selectRecallThreshold(data, 0.5, { z: 1.645 })).oosRecall;
    expect(point).toBe(0.5);
    // 59 of 100: the first count whose one-sided 95 % Wilson bound reaches 0.5.
    expect(sure).toBe(0.59);
    expect(wilsonLowerBound(58, 100, 1.645)).toBeLessThan(0.5);
    expect(wilsonLowerBound(59, 100, 1.645)).toBeGreaterThanOrEqual(0.5);
  });

  it("requires answer accuracy to hold with confidence, escalating everything when it cannot", () => {
    // 19 right of 20 answered: 95 % at the point estimate, far from it at 95 % confidence.
    const few = [...Array.from({ length: 19 }, () => q("a", "a", 0.9)), q("b", "a", 0.9)];
    expect(metricsAt(few, selectAccuracyThreshold(few, 0.95)).answerRate).toBe(1);
    expect(metricsAt(few, selectAccuracyThreshold(few, 0.95, { z: 1.645 })).answerRate).toBe(0);
  });
});
