import { describe, expect, it } from "vitest";
import { voteHits } from "./peer-resolvers.js";

describe("voteHits", () => {
  it("sums scores per label and reports the winner's share", () => {
    expect(
      voteHits([
        { label: "a", score: 2 },
        { label: "b", score: 1 },
        { label: "a", score: 1 },
      ]),
    ).toEqual({ label: "a", confidence: 0.75 });
    expect(voteHits([])).toEqual({ label: null, confidence: 0 });
  });
});
