import { describe, expect, it } from "vitest";
import { applyCalibrator, calibrationSignals, fitCalibrator, PRIOR_CALIBRATOR } from "./fit-calibrator.js";
import { createRandom } from "./train-softmax.js";

describe("fitCalibrator", () => {
  it("returns the prior without data", () => {
    expect(fitCalibrator([], [])).toBe(PRIOR_CALIBRATOR);
  });

  it("is monotone in the classifier probability under the prior", () => {
    const lo = applyCalibrator(PRIOR_CALIBRATOR, calibrationSignals(0.3, 0.2, 1, 0.5));
    const hi = applyCalibrator(PRIOR_CALIBRATOR, calibrationSignals(0.9, 0.05, 1, 0.5));
    expect(hi).toBeGreaterThan(lo);
    expect(applyCalibrator(PRIOR_CALIBRATOR, calibrationSignals(0.9, 0.05, 0.5, 0.5))).toBeLessThan(hi);
  });

  it("learns an over-confident classifier's real accuracy", () => {
    // The classifier says 0.9 but is right 60 % of the time: calibration must pull confidence down.
    const rand = createRandom(1);
    const signals: number[][] = [];
    const correct: boolean[] = [];
    for (let i = 0; i < 2000; i++) {
      signals.push(calibrationSignals(0.9, 0.05, 1, 0.5));
      correct.push(rand() < 0.6);
    }
    const c = fitCalibrator(signals, correct);
    expect(applyCalibrator(c, calibrationSignals(0.9, 0.05, 1, 0.5))).toBeCloseTo(0.6, 1);
  });

  it("stays near the prior with a handful of observations", () => {
    const c = fitCalibrator([calibrationSignals(0.9, 0.5, 1, 1)], [false]);
    const p = applyCalibrator(c, calibrationSignals(0.9, 0.5, 1, 1));
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(0.9);
  });
});
