import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTiers, MAX_ROLLING_DAYS } from "./check-contract-semantics.js";
import type { Problem } from "./contract-problem.js";
import type { PriceTier } from "./contract-schema.js";
import { parseContract } from "./parse-contract.js";

const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\nmetadata:\n  name: test\n";

function problems(text: string): readonly Problem[] {
  const result = parseContract(text);
  if (result.ok) throw new Error("expected problems, the document parsed");
  return result.problems;
}
const at = (p: Problem) => ({ code: p.code, path: p.path, line: p.line, column: p.column });

describe("semantic checks, each with its location", () => {
  it("term ending before it starts; pilot starting before the term and ending before it starts", () => {
    const list = problems(
      `${HEAD}term:\n  start: 2025-03-01\n  end: 2025-02-01\npilot:\n  start: 2025-01-15\n  end: 2025-01-10\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "date-order", path: "term.end", line: 7, column: 3 },
      { code: "pilot-outside-term", path: "pilot.start", line: 9, column: 3 },
      { code: "date-order", path: "pilot.end", line: 10, column: 3 },
    ]);
    expect(list[0]?.message).toBe("the term ends (2025-02-01) before it starts (2025-03-01)");
  });

  it("floors outside the metric's range, and bounds that do not fit the metric", () => {
    const list = problems(
      `${HEAD}sla:
  objectives:
    - metric: resolution_rate
      floor: 1.2
    - metric: csat
      floor: 0.8
    - metric: escalation_latency
      floor: 60
    - metric: availability
      max: 0.99
      percentile: p95
    - metric: integration_availability
      floor: 0.99
`,
    );
    expect(list.map(at)).toEqual([
      { code: "out-of-range", path: "sla.objectives[0].floor", line: 8, column: 7 },
      { code: "out-of-range", path: "sla.objectives[1].floor", line: 10, column: 7 },
      { code: "missing-key", path: "sla.objectives[2].max", line: 11, column: 7 },
      { code: "not-applicable", path: "sla.objectives[2].floor", line: 12, column: 7 },
      { code: "missing-key", path: "sla.objectives[3].floor", line: 13, column: 7 },
      { code: "not-applicable", path: "sla.objectives[3].max", line: 14, column: 7 },
      { code: "not-applicable", path: "sla.objectives[3].percentile", line: 15, column: 7 },
      { code: "missing-key", path: "sla.objectives[4].integration", line: 16, column: 7 },
    ]);
    expect(list[0]?.message).toBe("floor for resolution_rate must be a share between 0 and 1; got 1.2");
    expect(list[1]?.message).toBe("floor for csat must be a 1–5 rating; got 0.8");
  });

  it("a rolling window longer than a year, a duplicate objective, an objective for an unlisted integration", () => {
    const list = problems(
      `${HEAD}integrations:
  - name: zendesk
sla:
  objectives:
    - { metric: csat, floor: 4, window: rolling-400d }
    - { metric: csat, floor: 4.5 }
    - { metric: integration_availability, integration: slack, floor: 0.99 }
`,
    );
    expect(list.map(at)).toEqual([
      { code: "invalid-window", path: "sla.objectives[0].window", line: 9, column: 33 },
      { code: "duplicate-entry", path: "sla.objectives[1]", line: 10, column: 7 },
      { code: "unknown-integration", path: "sla.objectives[2].integration", line: 11, column: 43 },
    ]);
  });

  it("credit tiers: unknown objective, wrong side of the floor, above the cap, falling with severity", () => {
    const list = problems(
      `${HEAD}sla:
  objectives:
    - { metric: resolution_rate, floor: 0.6 }
    - { metric: escalation_latency, max: 120 }
  credits:
    cap: 20
    tiers:
      - { metric: csat, percent: 5 }
      - { metric: resolution_rate, below: 0.7, percent: 5 }
      - { metric: resolution_rate, below: 0.55, percent: 10 }
      - { metric: resolution_rate, below: 0.5, percent: 8 }
      - { metric: escalation_latency, above: 300, percent: 25 }
      - { metric: escalation_latency, below: 60, percent: 5 }
`,
    );
    expect(list.map(at)).toEqual([
      { code: "unknown-objective", path: "sla.credits.tiers[0].metric", line: 12, column: 11 },
      { code: "out-of-range", path: "sla.credits.tiers[1].below", line: 13, column: 36 },
      { code: "credit-order", path: "sla.credits.tiers[3].percent", line: 15, column: 48 },
      { code: "out-of-range", path: "sla.credits.tiers[4].percent", line: 16, column: 51 },
      { code: "not-applicable", path: "sla.credits.tiers[5].below", line: 17, column: 39 },
    ]);
    expect(list[2]?.message).toContain("earns less credit (8%) than a milder one (10%, tier 3)");
  });

  it("termination: M greater than K, a half-stated M of K, no rule at all, an unknown metric", () => {
    const base = `${HEAD}sla:\n  objectives:\n    - { metric: csat, floor: 4 }\n  termination:\n`;
    expect(problems(`${base}    breaches: 4\n    ofLastPeriods: 3\n`).map(at)).toEqual([
      { code: "termination-window", path: "sla.termination.breaches", line: 9, column: 5 },
    ]);
    expect(problems(`${base}    breaches: 2\n`).map(at)).toEqual([
      { code: "missing-key", path: "sla.termination.ofLastPeriods", line: 8, column: 3 },
    ]);
    expect(problems(`${base}    penalty: none\n`).map(at)).toEqual([
      { code: "missing-key", path: "sla.termination.consecutiveBreaches", line: 8, column: 3 },
    ]);
    expect(
      problems(`${base}    consecutiveBreaches: 2\n    metrics: [csat, resolution_rate]\n`).map(at),
    ).toEqual([{ code: "unknown-objective", path: "sla.termination.metrics[1]", line: 10, column: 21 }]);
  });

  it("escalation triggers: missing and inapplicable parameters, out-of-range thresholds, duplicates", () => {
    const list = problems(
      `${HEAD}escalation:
  triggers:
    - { kind: low-confidence }
    - { kind: explicit-request, attempts: 2 }
    - { kind: negative-sentiment, threshold: -2 }
    - { kind: sensitive-topic, topics: [legal] }
    - { kind: sensitive-topic, topics: [medical] }
`,
    );
    expect(list.map(at)).toEqual([
      { code: "missing-key", path: "escalation.triggers[0].threshold", line: 7, column: 7 },
      { code: "not-applicable", path: "escalation.triggers[1].attempts", line: 8, column: 33 },
      { code: "out-of-range", path: "escalation.triggers[2].threshold", line: 9, column: 35 },
      { code: "duplicate-entry", path: "escalation.triggers[4]", line: 11, column: 7 },
    ]);
  });

  it("charges: fields the model needs or does not use; tiers out of order, overlapping, unbounded early, bounded last", () => {
    const list = problems(
      `${HEAD}pricing:
  currency: USD
  charges:
    - { model: per_unit, tiers: [{ upTo: null }] }
    - { model: package, unitAmount: "10.00" }
    - model: volume
      tiers:
        - { upTo: 1000, unitAmount: "1.00" }
        - { upTo: 1000, unitAmount: "0.90" }
        - { upTo: 500, unitAmount: "0.80" }
        - { upTo: null, unitAmount: "0.70" }
        - { upTo: 9000, unitAmount: "0.60" }
`,
    );
    expect(list.map(at)).toEqual([
      { code: "missing-key", path: "pricing.charges[0].unitAmount", line: 8, column: 7 },
      { code: "not-applicable", path: "pricing.charges[0].tiers", line: 8, column: 26 },
      { code: "missing-key", path: "pricing.charges[1].packageSize", line: 9, column: 7 },
      { code: "tier-order", path: "pricing.charges[2].tiers[1].upTo", line: 13, column: 13 },
      { code: "tier-order", path: "pricing.charges[2].tiers[2].upTo", line: 14, column: 13 },
      { code: "tier-unbounded-not-last", path: "pricing.charges[2].tiers[3].upTo", line: 15, column: 13 },
      { code: "tier-last-bounded", path: "pricing.charges[2].tiers[4].upTo", line: 16, column: 13 },
    ]);
    expect(list[3]?.message).toBe(
      "tier 2 ends at 1000, where tier 1 ends: tiers overlap (tier 2 starts at 1001)",
    );
    expect(list[4]?.message).toBe("tier 3 ends at 500, below tier 2's end (1000): tiers are out of order");
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const tierArb: fc.Arbitrary<PriceTier> = fc.record({
  upTo: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null, freq: 4 }),
});

describe("tier validation (property)", () => {
  it("accepts exactly the tier lists Stripe accepts: strictly increasing bounds, only the last unbounded", () => {
    fc.assert(
      fc.property(fc.array(tierArb, { minLength: 1, maxLength: 6 }), (tiers) => {
        const bounds = tiers.map((t) => t.upTo);
        const last = bounds.length - 1;
        const valid =
          bounds[last] === null &&
          bounds.slice(0, last).every((b, i) => b !== null && (i === 0 || b > (bounds[i - 1] ?? 0)));
        expect(checkTiers(tiers, ["tiers"]).length === 0).toBe(valid);
      }),
    );
  });

  it("any strictly increasing list of bounds ending unbounded is valid", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 8 }), (bounds) => {
        const sorted = [...bounds].sort((a, b) => a - b);
        const tiers: PriceTier[] = [...sorted.map((upTo) => ({ upTo })), { upTo: null }];
        expect(checkTiers(tiers, [])).toEqual([]);
      }),
    );
  });

  it("every problem points at a tier's upTo", () => {
    fc.assert(
      fc.property(fc.array(tierArb, { minLength: 1, maxLength: 6 }), (tiers) => {
        for (const p of checkTiers(tiers, ["t"])) {
          expect(p.path[0]).toBe("t");
          expect(p.path[2]).toBe("upTo");
          expect(p.path[1]).toBeLessThan(tiers.length);
        }
      }),
    );
  });
});

describe("window validation (property)", () => {
  const doc = (window: string) =>
    `${HEAD}sla:\n  objectives:\n    - metric: csat\n      floor: 4\n      window: ${window}\n`;

  it("rolling-<N>d is valid exactly for N from 1 to 366", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 2000 }), (n) => {
        const result = parseContract(doc(`rolling-${n}d`));
        expect(result.ok).toBe(n >= 1 && n <= MAX_ROLLING_DAYS);
        if (!result.ok)
          expect(result.problems.map(at)).toEqual([
            { code: "invalid-window", path: "sla.objectives[0].window", line: 9, column: 7 },
          ]);
      }),
      { numRuns: 200 },
    );
  });

  it("only the two calendar windows and rolling windows are accepted", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,20}$/), (window) => {
        const valid =
          /^(calendar-month|calendar-quarter|rolling-([1-9]\d?|[12]\d\d|3[0-5]\d|36[0-6])d)$/.test(window);
        expect(parseContract(doc(window)).ok).toBe(valid);
      }),
      { numRuns: 200 },
    );
  });
});
