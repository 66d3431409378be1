import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidateThresholds, type ScoredQuery } from "../../resolver/select-threshold.js";
import { operatingPointAt, proportion, selectOperatingThreshold } from "./measure-operating-point.js";

const q = (gold: string | null, predicted: string | null, confidence: number): ScoredQuery => ({
  gold,
  predicted,
  confidence,
});

// Five in scope (one with no prediction), five out of scope.
const SCORED: ScoredQuery[] = [
  q("a", "a", 0.9),
  q("b", "b", 0.7),
  q("c", "x", 0.6),
  q("d", "d", 0.3),
  q("e", null, 0),
  q(null, "a", 0.8),
  q(null, "b", 0.4),
  q(null, "c", 0.2),
  q(null, "d", 0.1),
  q(null, null, 0),
];

describe("proportion", () => {
  it("is the Wilson 95 % score interval", () => {
    const p = proportion(50, 100);
    expect(p.rate).toBe(0.5);
    expect(p.low).toBeCloseTo(0.4038, 4);
    expect(p.high).toBeCloseTo(0.5962, 4);
    const none = proportion(0, 10);
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = proportion(10, 10);
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBeCloseTo(1, 12);
    expect(proportion(0, 0).rate).toBeNaN();
  });
});

describe("operatingPointAt", () => {
  it("counts correct, wrong and escalated in-scope questions, escalated OOS and answer accuracy", () => {
    const m = operatingPointAt(SCORED, 0.5);
    expect([m.correct.count, m.wrong.count, m.escalated.count, m.correct.of]).toEqual([2, 1, 2, 5]);
    expect([m.oosEscalated.count, m.oosEscalated.of]).toEqual([4, 5]);
    expect([m.answerAccuracy.count, m.answerAccuracy.of]).toEqual([2, 4]);
    expect(m.threshold).toBe(0.5);
  });

  it("never answers a question without a prediction, whatever the threshold", () => {
    const m = operatingPointAt(SCORED, 0);
    expect(m.escalated.count).toBe(1);
    expect(m.oosEscalated.count).toBe(1);
  });
});

/** Up to 40 validation questions: in scope (a, b) or not (null), each answered with some confidence. */
const scoredQueries = fc.array(
  fc.record({
    gold: fc.constantFrom("a", "b", null),
    predicted: fc.constantFrom("a", "b", null),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  { minLength: 1, maxLength: 40 },
);

describe("selectOperatingThreshold", () => {
  it("picks the threshold with the most correct answers that escalates ≥ 80 % of OOS questions", () => {
    const t = selectOperatingThreshold(SCORED, 0.8, 0);
    // 4 of 5 OOS escalated needs t above 0.4 (the OOS questions at 0.4, 0.2, 0.1 and 0 escalated).
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThanOrEqual(0.6);
    const m = operatingPointAt(SCORED, t);
    expect(m.oosEscalated.rate).toBe(0.8);
    expect(m.correct.count).toBe(2);
    expect(operatingPointAt(SCORED, selectOperatingThreshold(SCORED, 1, 0)).oosEscalated.rate).toBe(1);
  });

  it("is never beaten by another candidate threshold that keeps the escalation floor", () => {
    fc.assert(
      fc.property(scoredQueries, (val) => {
        const chosen = operatingPointAt(val, selectOperatingThreshold(val, 0.8, 0));
        if (val.some((x) => x.gold === null)) expect(chosen.oosEscalated.rate).toBeGreaterThanOrEqual(0.8);
        for (const t of candidateThresholds(val)) {
          const other = operatingPointAt(val, t);
          if (other.oosEscalated.rate >= 0.8)
            expect(other.correct.count).toBeLessThanOrEqual(chosen.correct.count);
        }
      }),
    );
  });

  it("also keeps answer accuracy at the floor when some threshold can, and is never beaten there", () => {
    fc.assert(
      fc.property(scoredQueries, (val) => {
        const both = (t: number) => {
          const p = operatingPointAt(val, t);
          const oosOk = !val.some((x) => x.gold === null) || p.oosEscalated.rate >= 0.8;
          return oosOk && p.answerAccuracy.of > 0 && p.answerAccuracy.rate >= 0.9;
        };
        const feasible = candidateThresholds(val).filter(both);
        if (feasible.length === 0) return;
        const t = selectOperatingThreshold(val, 0.8, 0.9);
        expect(both(t)).toBe(true);
        const chosen = operatingPointAt(val, t).correct.count;
        for (const other of feasible)
          expect(operatingPointAt(val, other).correct.count).toBeLessThanOrEqual(chosen);
      }),
    );
  });
});
