import { describe, expect, it } from "vitest";
import { VouchError } from "../../shared/errors.js";
import { restoreResolver } from "./restore-resolver.js";
import { HELD_OUT, TRAIN, trainingExamples, UNRELATED } from "./test-support/support-intents.js";
import { trainResolver, trainResolverState, trainResolverWithDiagnostics } from "./train-resolver.js";

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("trainResolver", () => {
  const model = trainResolver(trainingExamples());

  it("reports what it learned", () => {
    expect(model.labelCount).toBe(Object.keys(TRAIN).length);
    expect(model.exampleCount).toBe(trainingExamples().length);
    expect(model.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("resolves its training questions to their own labels", () => {
    for (const { text, label } of trainingExamples())
      expect(model.resolve(text).candidates[0]?.label).toBe(label);
  });

  it("ranks held-out paraphrases", () => {
    const hits = HELD_OUT.filter(
      ([text, label]) => model.resolve(text).candidates[0]?.label === label,
    ).length;
    expect(hits).toBeGreaterThanOrEqual(HELD_OUT.length - 1);
    for (const [text, label] of HELD_OUT) {
      expect(model.resolve(text, 3).candidates.map((c) => c.label)).toContain(label);
    }
  });

  it("tolerates typos through character n-grams", () => {
    expect(model.resolve("how do i rest my pasword").candidates[0]?.label).toBe("art_reset_password");
    expect(model.resolve("cancle my subscripton").candidates[0]?.label).toBe("art_cancel_subscription");
    expect(model.resolve("wher is my pakage").candidates[0]?.label).toBe("art_shipping_status");
  });

  it("returns at most k candidates, best first, with scores that are probabilities", () => {
    const r = model.resolve("refund please", 3);
    expect(r.candidates).toHaveLength(3);
    const scores = r.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    expect(model.resolve("refund", 0).candidates).toEqual([]);
    expect(model.resolve("refund", 100).candidates).toHaveLength(model.labelCount);
  });

  it("never throws on odd input and keeps confidence in [0, 1]", () => {
    const odd = [
      "",
      "   \n\t ",
      "🙂🙂🙂",
      "東京タワーの営業時間",
      "ЗДРАВСТВУЙТЕ пароль",
      "a".repeat(100_000),
      "!!!???",
      "\u0000\u200b",
    ];
    for (const text of odd) {
      const r = model.resolve(text);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.candidates.length).toBeLessThanOrEqual(5);
      for (const c of r.candidates) expect(Number.isFinite(c.score)).toBe(true);
    }
    expect(model.resolve("").confidence).toBeLessThan(0.5);
  });

  it("is more confident in domain than on unrelated questions or gibberish", () => {
    const inDomain = mean(HELD_OUT.map(([t]) => model.resolve(t).confidence));
    const unrelated = mean(UNRELATED.map((t) => model.resolve(t).confidence));
    expect(inDomain).toBeGreaterThan(unrelated + 0.2);
    expect(model.resolve("qwzx vbnm plokij").confidence).toBeLessThan(
      model.resolve("i want a refund").confidence,
    );
  });

  it("is less confident the less of the question it has seen", () => {
    const seen = model.resolve("cancel my subscription").confidence;
    const half = model.resolve("cancel my subscription zorbly quantex flimwap").confidence;
    const vague = model.resolve("my thing").confidence;
    expect(seen).toBeGreaterThan(half);
    expect(seen).toBeGreaterThan(vague);
  });
});

describe("determinism", () => {
  it("gives the same digest and outputs for the same examples in any order", () => {
    const a = trainResolver(trainingExamples());
    const b = trainResolver([...trainingExamples()].reverse());
    expect(b.digest).toBe(a.digest);
    for (const [text] of HELD_OUT) expect(b.resolve(text)).toEqual(a.resolve(text));
  });

  it("changes the digest when data or options change", () => {
    const base = trainResolver(trainingExamples());
    expect(trainResolver(trainingExamples(7)).digest).not.toBe(base.digest);
    expect(trainResolver(trainingExamples(), { seed: 7 }).digest).not.toBe(base.digest);
    const weighted = trainingExamples().map((e, i) => (i === 0 ? { ...e, weight: 0.5 } : e));
    expect(trainResolver(weighted).digest).not.toBe(base.digest);
  });
});

describe("small tenants", () => {
  it("works with one example per label and is less confident than with more data", () => {
    const one = trainResolver(trainingExamples(1));
    expect(one.labelCount).toBe(Object.keys(TRAIN).length);
    for (const { text, label } of trainingExamples(1))
      expect(one.resolve(text).candidates[0]?.label).toBe(label);
    const full = trainResolver(trainingExamples());
    const held = HELD_OUT.map(([t]) => t);
    expect(mean(held.map((t) => one.resolve(t).confidence))).toBeLessThan(
      mean(held.map((t) => full.resolve(t).confidence)),
    );
    for (const t of held) {
      const c = one.resolve(t).confidence;
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it("falls back to the prior calibration when cross-validation has nothing to learn from", () => {
    const { calibrator } = trainResolverWithDiagnostics([
      { text: "reset my password", label: "a" },
      { text: "refund my order", label: "b" },
    ]);
    expect(calibrator.sampleSize).toBe(0);
  });

  it("handles a single label and an empty history", () => {
    const single = trainResolver([{ text: "reset my password", label: "only" }]);
    expect(single.resolve("password").candidates[0]?.label).toBe("only");
    const empty = trainResolver([]);
    expect(empty.labelCount).toBe(0);
    expect(empty.resolve("anything")).toEqual({ candidates: [], confidence: 0 });
  });
});

describe("validation", () => {
  it("rejects malformed examples and options with VALIDATION_FAILED", () => {
    expect(() => trainResolver([{ text: "x", label: "a", weight: -1 }])).toThrow(VouchError);
    expect(() => trainResolver([{ text: "x", label: "a", weight: Number.NaN }])).toThrow(VouchError);
    expect(() => trainResolver(trainingExamples(), { folds: 1 })).toThrow(VouchError);
    expect(() => trainResolver(trainingExamples(), { features: { charMin: 4, charMax: 3 } })).toThrow(
      VouchError,
    );
  });
});

/** True when `v` holds only what structured clone keeps as is: no functions, no class instances. */
function isPlainData(v: unknown): boolean {
  if (v === null || ["string", "number", "boolean", "undefined"].includes(typeof v)) return true;
  if (typeof v !== "object") return false;
  if (ArrayBuffer.isView(v)) return true;
  if (v instanceof Map) return [...v].every(([k, x]) => isPlainData(k) && isPlainData(x));
  if (Array.isArray(v)) return v.every(isPlainData);
  return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(isPlainData);
}

describe("trainResolverState / restoreResolver", () => {
  const probes = [...HELD_OUT.map(([t]) => t), ...UNRELATED, "", "cancle my subscripton", "🙂"];

  it("is plain data that restores after structuredClone to the same model", () => {
    const state = trainResolverState(trainingExamples());
    expect(isPlainData(state)).toBe(true);
    const direct = trainResolver(trainingExamples());
    const restored = restoreResolver(structuredClone(state));
    expect(restored.digest).toBe(direct.digest);
    expect(restored.labelCount).toBe(direct.labelCount);
    expect(restored.exampleCount).toBe(direct.exampleCount);
    for (const t of probes) expect(restored.resolve(t, 100)).toEqual(direct.resolve(t, 100));
  });

  it("restores an empty state and refuses a state of another version", () => {
    const empty = restoreResolver(structuredClone(trainResolverState([])));
    expect(empty.resolve("anything")).toEqual({ candidates: [], confidence: 0 });
    const state = trainResolverState(trainingExamples(2));
    expect(() => restoreResolver({ ...state, version: "vouch-resolver/0" })).toThrow(VouchError);
  });
});
