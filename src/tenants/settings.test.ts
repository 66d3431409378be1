import { describe, expect, it } from "vitest";
import { applySettingsPatch, DEFAULT_SETTINGS, readSettings } from "./settings.js";

describe("tenant settings", () => {
  it("patches, validates and keeps the rest", () => {
    const s = applySettingsPatch(DEFAULT_SETTINGS, { confidenceThreshold: 0.7 });
    expect(s.confidenceThreshold).toBe(0.7);
    expect(s.maxFailures).toBe(DEFAULT_SETTINGS.maxFailures);
  });

  it.each([
    [{ confidenceThreshold: -0.1 }, "/confidenceThreshold"],
    [{ maxFailures: 0 }, "/maxFailures"],
    [{ inactivityWindowHours: 0 }, "/inactivityWindowHours"],
    [{ colour: "blue" }, ""],
    [{ sensitiveTopics: [{ name: "X Y", patterns: ["a"] }] }, "/sensitiveTopics/0/name"],
  ])("refuses %j", (patch, path) => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, patch)).toThrowError(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        details: expect.arrayContaining([expect.objectContaining({ path })]),
      }),
    );
  });

  it("refuses a pattern that does not compile, naming it", () => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { humanRequestPatterns: ["(x"] })).toThrow(/\(x/);
  });

  it("fills fields missing from older stored settings with defaults, memoised per text", () => {
    const a = readSettings('{"confidenceThreshold":0.3}');
    expect(a).toMatchObject({ confidenceThreshold: 0.3, maxFailures: 2 });
    expect(readSettings('{"confidenceThreshold":0.3}')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
