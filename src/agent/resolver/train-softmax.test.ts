import { describe, expect, it } from "vitest";
import {
  type SparseRows,
  scoreRow,
  softmaxInPlace,
  trainAveragedSoftmax,
  trainSoftmax,
} from "./train-softmax.js";

// Three classes, each marked by its own feature plus a shared noise feature.
const X: SparseRows = {
  indptr: Int32Array.from([0, 2, 4, 6, 8, 10, 12]),
  indices: Int32Array.from([0, 3, 1, 3, 2, 3, 0, 3, 1, 3, 2, 3]),
  values: Float32Array.from([1, 0.3, 1, 0.3, 1, 0.3, 1, 0.3, 1, 0.3, 1, 0.3]),
};
const Y = Int32Array.from([0, 1, 2, 0, 1, 2]);
const W = new Float32Array(6).fill(1);
const OPTS = { epochs: 30, learningRate: 0.5, l2: 1e-5, seed: 3 };

function predict(model: ReturnType<typeof trainSoftmax>, feature: number): Float64Array {
  const out = new Float64Array(3);
  scoreRow(model, [feature, 3], [1, 0.3], out);
  softmaxInPlace(out);
  return out;
}

describe("trainSoftmax", () => {
  it("learns separable classes and is deterministic per seed", () => {
    const m = trainSoftmax(X, Y, W, 4, 3, OPTS);
    for (const c of [0, 1, 2]) {
      const p = predict(m, c);
      expect(p.indexOf(Math.max(...p))).toBe(c);
    }
    expect(Array.from(trainSoftmax(X, Y, W, 4, 3, OPTS).weights)).toEqual(Array.from(m.weights));
  });

  it("averages members: one member is the plain model, several stay accurate", () => {
    const single = trainSoftmax(X, Y, W, 4, 3, OPTS);
    expect(Array.from(trainAveragedSoftmax(X, Y, W, 4, 3, OPTS, 1).weights)).toEqual(
      Array.from(single.weights),
    );
    const soup = trainAveragedSoftmax(X, Y, W, 4, 3, OPTS, 4);
    for (const c of [0, 1, 2]) {
      const p = predict(soup, c);
      expect(p.indexOf(Math.max(...p))).toBe(c);
    }
  });

  it("softmax is stable for large logits", () => {
    const z = Float64Array.from([1000, 1001, 999]);
    softmaxInPlace(z);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(z[1]).toBeGreaterThan(z[0] ?? 1);
  });
});
