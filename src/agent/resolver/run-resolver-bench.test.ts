import { describe, expect, it } from "vitest";
import { isVouchError } from "../../shared/errors.js";
import { formatBenchMarkdown, formatBenchText } from "./format-bench-report.js";
import type { IntentDataset, LabelledText } from "./load-dataset.js";
import { parsePeerList, runResolverBenchOn } from "./run-resolver-bench.js";
import { HELD_OUT, TRAIN, UNRELATED } from "./test-support/support-intents.js";

const train: LabelledText[] = Object.entries(TRAIN).flatMap(([label, texts]) =>
  texts.map((t) => [t, label] as const),
);
const held: LabelledText[] = [...HELD_OUT];
const oos: LabelledText[] = UNRELATED.map((t) => [t, "oos"] as const);
const DATA: IntentDataset = { train, val: held, test: held, oosVal: oos, oosTest: oos };

describe("parsePeerList", () => {
  it("accepts all, none and lists; rejects unknown names", () => {
    expect(parsePeerList(undefined)).toEqual(["minisearch", "orama", "flexsearch"]);
    expect(parsePeerList("none")).toEqual([]);
    expect(parsePeerList("Orama, minisearch")).toEqual(["orama", "minisearch"]);
    try {
      parsePeerList("lucene");
      expect.unreachable();
    } catch (err) {
      expect(isVouchError(err) && err.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("runResolverBenchOn", () => {
  it("evaluates Vouch and peers on a tiny dataset and renders both formats", async () => {
    const lines: string[] = [];
    const report = await runResolverBenchOn(DATA, "tiny.json", {
      peers: ["minisearch", "flexsearch"],
      progress: (l) => lines.push(l),
    });
    expect(report.vouch.closedSetAccuracy).toBeGreaterThan(0.8);
    expect(report.peers.map((p) => p.name)).toEqual(["MiniSearch", "FlexSearch"]);
    expect(report.comparisons).toHaveLength(2);
    expect(report.vouch.curve).toHaveLength(11);
    expect(lines.some((l) => l.includes("training"))).toBe(true);
    const text = formatBenchText(report);
    expect(text).toContain("Vouch vs MiniSearch");
    const md = formatBenchMarkdown(report, "cmd");
    expect(md).toContain("### Method");
    expect(md).toContain("| Vouch |");
  });
});
