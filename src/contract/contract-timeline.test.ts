import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activeAt, contractStatus, placeActivations } from "./contract-timeline.js";

const a = (seq: number, contractId: string, effectiveFrom: number) => ({ seq, contractId, effectiveFrom });

describe("the contract timeline", () => {
  it("puts in force the activation latest on the timeline whose date has come", () => {
    const log = [a(1, "A", 0), a(2, "B", 100), a(3, "C", 50)];
    expect(activeAt(log, -1)).toBeUndefined();
    expect(activeAt(log, 0)?.contractId).toBe("A");
    expect(activeAt(log, 49)?.contractId).toBe("A");
    // C was activated after B was scheduled, from an earlier date: C binds until B's date, then B.
    expect(activeAt(log, 50)?.contractId).toBe("C");
    expect(activeAt(log, 100)?.contractId).toBe("B");
    // From the same date, the activation made later replaces the earlier one.
    expect(activeAt([...log, a(4, "D", 100)], 1000)?.contractId).toBe("D");
  });

  it("names each activation's state and when it ends", () => {
    const log = [a(1, "A", 0), a(2, "B", 100), a(3, "C", 50), a(4, "D", 100)];
    const at = (now: number) => placeActivations(log, now).map((p) => [p.state, p.activeUntil]);
    expect(at(10)).toEqual([
      ["in-force", 50],
      ["cancelled", 100],
      ["pending", 100],
      ["pending", null],
    ]);
    expect(at(60)).toEqual([
      ["ended", 50],
      ["cancelled", 100],
      ["in-force", 100],
      ["pending", null],
    ]);
    expect(at(100).map(([s]) => s)).toEqual(["ended", "cancelled", "ended", "in-force"]);
  });

  it("derives a contract's status from its activations", () => {
    expect(contractStatus([])).toBe("draft");
    expect(contractStatus(["ended", "in-force"])).toBe("active");
    expect(contractStatus(["ended", "pending"])).toBe("scheduled");
    expect(contractStatus(["ended", "cancelled"])).toBe("superseded");
  });

  it("always has at most one activation in force, and it is the one activeAt picks", () => {
    const log = fc
      .array(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 })
      .map((dates) => dates.map((d, i) => a(i + 1, `C${i % 4}`, d)));
    fc.assert(
      fc.property(log, fc.integer({ min: -10, max: 1100 }), (activations, now) => {
        const placed = placeActivations(activations, now);
        const inForce = placed.filter((p) => p.state === "in-force");
        expect(inForce.length).toBeLessThanOrEqual(1);
        expect(inForce[0]?.activation).toBe(activeAt(activations, now));
        for (const p of placed) {
          if (p.state === "pending") expect(p.activation.effectiveFrom).toBeGreaterThan(now);
          if (p.activeUntil !== null)
            expect(p.activeUntil).toBeGreaterThanOrEqual(p.activation.effectiveFrom);
        }
      }),
    );
  });
});
