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
});
