import { describe, expect, it } from "vitest";
import { evaluateKbContender, latencyOf } from "./evaluate-kb-contender.js";
import type { KbContender, KbQuery, KnowledgeBase } from "./types.js";

const KB: KnowledgeBase = { articles: [], passages: [] };

/** Answers from a fixed table: what the evaluation does with answers, not how they are found. */
function tableContender(answers: Record<string, [string | null, number]>): KbContender {
  return {
    name: "Table",
    description: "fixed answers",
    async build() {
      return (question) => {
        const [sourceId, confidence] = answers[question] ?? [null, 0];
        return { sourceId, confidence };
      };
    },
  };
}

const ANSWERS: Record<string, [string | null, number]> = {
  v1: ["art_a", 0.9],
  v2: ["art_b", 0.4],
  v3: ["art_x", 0.7],
  vo1: ["art_a", 0.6],
  vo2: ["art_a", 0.3],
  vo3: ["art_b", 0.2],
  vo4: ["art_b", 0.1],
  vo5: ["art_b", 0.05],
  t1: ["art_a", 0.8],
  t2: ["art_b", 0.5],
  t3: ["art_x", 0.95],
  t4: ["art_b", 0.2],
  to1: ["art_a", 0.55],
  to2: ["art_a", 0.3],
};
const query = (question: string, sourceId: string | null): KbQuery => ({ question, sourceId });
const QUERIES = {
  validation: [
    query("v1", "art_a"),
    query("v2", "art_b"),
    query("v3", "art_c"),
    ...["vo1", "vo2", "vo3", "vo4", "vo5"].map((q) => query(q, null)),
  ],
  test: [
    query("t1", "art_a"),
    query("t2", "art_b"),
    query("t3", "art_c"),
    query("t4", "art_b"),
    query("to1", null),
    query("to2", null),
  ],
};

describe("evaluateKbContender", () => {
  it("chooses the threshold on validation and reports on test", async () => {
    const lines: string[] = [];
    const r = await evaluateKbContender(tableContender(ANSWERS), KB, QUERIES, (l) => lines.push(l));
    // Escalating 4 of 5 validation OOS questions needs a threshold above 0.3; answer accuracy of 90 %
    // needs 0.9 (below it v3 or vo1 is answered wrongly beside v1 and v2), and 0.9 escalates every OOS.
    expect(r.threshold).toBe(0.9);
    expect(r.validation.oosEscalated.rate).toBe(1);
    expect(r.validation.answerAccuracy.rate).toBe(1);
    // On test at that threshold: t3 answered (wrongly), the rest escalated.
    expect([r.test.correct.count, r.test.wrong.count, r.test.escalated.count]).toEqual([0, 1, 3]);
    expect([r.test.oosEscalated.count, r.test.oosEscalated.of]).toEqual([2, 2]);
    expect([r.test.answerAccuracy.count, r.test.answerAccuracy.of]).toEqual([0, 1]);
    expect([r.closedSet.count, r.closedSet.of]).toEqual([3, 4]);
    expect(r.curve).toHaveLength(11);
    expect(r.curve[10]?.oosEscalation).toBe(1);
    expect(r.latency.questions).toBe(QUERIES.test.length);
    expect(r.calibrationError).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe("latencyOf", () => {
  it("takes nearest-rank quantiles of the times", () => {
    const times = Array.from({ length: 100 }, (_, i) => 100 - i);
    const l = latencyOf(times);
    expect([l.p50Ms, l.p99Ms, l.meanMs, l.questions]).toEqual([50, 99, 50.5, 100]);
  });
});
