import { describe, expect, it } from "vitest";
import { expectedCalibrationError } from "./evaluate-resolver.js";

describe("expectedCalibrationError", () => {
  it("is 0 for perfectly calibrated bins and large for overconfidence", () => {
    const good = [
      { gold: "a", predicted: "a", confidence: 1 },
      { gold: "a", predicted: "b", confidence: 0 },
    ];
    expect(expectedCalibrationError(good)).toBeCloseTo(0);
    const bad = [
      { gold: "a", predicted: "b", confidence: 0.95 },
      { gold: null, predicted: "b", confidence: 0.95 },
    ];
    expect(expectedCalibrationError(bad)).toBeCloseTo(0.95);
  });

  it("weighs each bin's gap between mean confidence and accuracy by its share of the queries", () => {
    const queries = [
      { gold: "a", predicted: "a", confidence: 0.95 }, // bin 9: mean 0.95, 1 of 2 right
      { gold: "a", predicted: "b", confidence: 0.95 },
      { gold: "a", predicted: "a", confidence: 0.25 }, // bin 2: mean 0.25, 1 of 2 right
      { gold: "b", predicted: "a", confidence: 0.25 },
      { gold: null, predicted: "a", confidence: 0.05 }, // bin 0: out of scope, never right
    ];
    // 2/5 × |0.95 − 0.5| + 2/5 × |0.25 − 0.5| + 1/5 × |0.05 − 0|
    expect(expectedCalibrationError(queries)).toBeCloseTo(0.18 + 0.1 + 0.01, 12);
  });
});
