import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { type ContractDiff, diffContracts } from "./diff-contracts.js";
import { formatDiffText } from "./format-diff.js";
import { type ParsedContract, parseContract } from "./parse-contract.js";

const read = (name: string) =>
  readFileSync(new URL(`../../examples/contracts/${name}.yaml`, import.meta.url), "utf8");
const CAREFUL = read("careful-buyer");

function parsed(text: string): ParsedContract {
  const r = parseContract(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

function edited(edit: (doc: Document) => void): string {
  const doc = parseDocument(CAREFUL);
  edit(doc);
  return doc.toString();
}

function diff(oldText: string, newText: string): ContractDiff {
  const a = parsed(oldText);
  const b = parsed(newText);
  return diffContracts(a.contract, b.contract, { oldSource: a.source, newSource: b.source });
}

describe("diffContracts", () => {
  it("finds nothing between a contract and itself, or a reordered copy", () => {
    expect(diff(CAREFUL, CAREFUL)).toMatchObject({ changes: [], findingsAdded: [], findingsRemoved: [] });
    const reordered = edited((d) => {
      const objectives = d.getIn(["sla", "objectives"]) as { items: unknown[] };
      objectives.items.reverse();
    });
    expect(diff(CAREFUL, reordered).changes).toEqual([]);
  });

  it("words the important changes for a buyer, as written (0.60, not 0.6), with direction and location", () => {
    const proposed = edited((d) => {
      d.setIn(["changeManagement", "noticeDays"], 14);
      const floor = d.getIn(["sla", "objectives", 0, "floor"], true) as { value: number; source?: string };
      floor.value = 0.58;
      floor.source = "0.58";
      d.setIn(["data", "trainingUse"], "shared");
      d.setIn(["pricing", "charges", 0, "tiers", 1, "unitAmount"], "0.80");
      d.setIn(["pricing", "charges", 0, "model"], "volume");
    });
    const result = diff(CAREFUL, proposed);
    const summaries = result.changes.map((c) => [c.summary, c.direction, c.path]);
    expect(summaries).toEqual(
      expect.arrayContaining([
        ["notice window shortened from 30 to 14 days", "worse", "changeManagement.noticeDays"],
        ["resolution_rate floor lowered 0.60 → 0.58", "worse", "sla.objectives[0].floor"],
        ["training use changed tenant-only → shared", "worse", "data.trainingUse"],
        [
          "resolutions tier 2 unit price raised 0.75 → 0.80",
          "worse",
          "pricing.charges[0].tiers[1].unitAmount",
        ],
        ["resolutions pricing model changed graduated → volume", "worse", "pricing.charges[0].model"],
      ]),
    );
    expect(result.changes).toHaveLength(5);
    const notice = result.changes.find((c) => c.path === "changeManagement.noticeDays");
    const where = parsed(proposed).source.locate(["changeManagement", "noticeDays"]);
    expect(notice).toMatchObject({
      kind: "changed",
      section: "changeManagement",
      old: 30,
      new: 14,
      ...where,
    });
  });

  it("groups changes by section in document order", () => {
    const proposed = edited((d) => {
      d.setIn(["pricing", "overageCap"], "9000.00");
      d.setIn(["changeManagement", "noticeDays"], 45);
      d.setIn(["sla", "credits", "cap"], 25);
    });
    const result = diff(CAREFUL, proposed);
    expect(result.sections.map((s) => s.section)).toEqual(["sla", "changeManagement", "pricing"]);
    expect(result.changes.map((c) => [c.summary, c.direction])).toEqual([
      ["credit cap lowered from 30 to 25 percent", "worse"],
      ["notice window extended from 30 to 45 days", "better"],
      ["overage cap raised 6000.00 → 9000.00", "worse"],
    ]);
  });

  it("reports added and removed list items by identity, and names as set members", () => {
    const proposed = edited((d) => {
      d.deleteIn(["sla", "termination"]);
      d.deleteIn(["integrations", 2]);
      d.setIn(["data", "certifications"], d.createNode(["soc2-type-2", "gdpr-dpa", "iso-42001"]));
      d.deleteIn(["escalation", "triggers", 4]);
    });
    const result = diff(CAREFUL, proposed);
    expect(result.changes.map((c) => [c.kind, c.summary, c.direction])).toEqual(
      expect.arrayContaining([
        ["removed", "sla.termination removed", "worse"],
        ["removed", "escalation.triggers[negative-sentiment] removed", "worse"],
        ["added", "certification iso-42001 added", "better"],
        ["removed", "certification iso-27001 removed", "worse"],
        ["removed", "integrations[stripe] removed", "worse"],
      ]),
    );
    const removed = result.changes.find((c) => c.summary === "sla.termination removed");
    expect(removed?.line).toBe(89); // located in the old file
  });

  it("lists the findings each version adds or resolves: a negotiation redline", () => {
    const vendor = read("vendor-standard");
    const forward = diff(CAREFUL, vendor);
    const backward = diff(vendor, CAREFUL);
    expect(forward.findingsRemoved).toEqual([]);
    expect(forward.findingsAdded.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(["VCH101", "VCH402", "VCH602"]),
    );
    expect(backward.findingsRemoved.map((f) => f.ruleId).sort()).toEqual(
      forward.findingsAdded.map((f) => f.ruleId).sort(),
    );
    // The vendor's standard terms are worse for the buyer except where they charge less, and each change
    // is judged the other way round when the versions swap.
    const judged = (d: ContractDiff, direction: string) =>
      d.changes.filter((c) => c.direction === direction).map((c) => c.summary);
    expect(judged(forward, "better")).toEqual([
      "sla.credits.tiers[availability below 0.99] added",
      "pricing.charges[resolutions] removed",
    ]);
    expect(judged(forward, "worse")).toEqual(
      expect.arrayContaining([
        "availability floor lowered 0.999 → 0.995",
        "credit cap lowered from 30 to 10 percent",
        "training use changed tenant-only → shared",
        "sla.termination removed",
      ]),
    );
    expect(judged(backward, "better")).toHaveLength(judged(forward, "worse").length);
    expect(judged(backward, "worse")).toHaveLength(judged(forward, "better").length);
  });

  it("renders as text", () => {
    const proposed = edited((d) => d.setIn(["changeManagement", "noticeDays"], 0));
    const text = formatDiffText(diff(CAREFUL, proposed), "old.yaml", "new.yaml");
    expect(text).toContain(
      "changeManagement:\n  ~ notice window shortened from 30 to 0 days (worse for you)",
    );
    const { line } = parsed(proposed).source.locate(["changeManagement", "noticeDays"]);
    expect(text).toContain(`Findings added by the new version (1):\n  new.yaml:${line}:3 error VCH302`);
    expect(text.split("\n").at(-1)).toBe("1 change(s): 1 worse, 0 better for you; findings +1 -0");
    expect(formatDiffText(diff(CAREFUL, CAREFUL), "a", "b")).toMatch(/^no semantic changes/);
  });
});

describe("diffContracts judges each change from the buyer's side", () => {
  const judged = (edit: (d: Document) => void) =>
    diff(CAREFUL, edited(edit)).changes.map((c) => [c.path, c.direction, c.summary]);

  it("does not compare amounts in different currencies", () => {
    const changes = judged((d) => {
      d.setIn(["pricing", "currency"], "USD");
      d.setIn(["pricing", "platformFee"], "1500.00");
    });
    expect(changes).toContainEqual([
      "pricing.platformFee",
      "incomparable",
      "platform fee changed 2500.00 EUR → 1500.00 USD: different currencies, not comparable",
    ]);
    expect(changes).toContainEqual([
      "pricing.currency",
      "neutral",
      "currency changed EUR → USD: amounts in the two versions are not comparable",
    ]);
    // In one currency, a higher fee is worse, and the text redline counts what it cannot judge.
    expect(judged((d) => d.setIn(["pricing", "platformFee"], "3000.00"))).toEqual([
      ["pricing.platformFee", "worse", "platform fee raised 2500.00 → 3000.00"],
    ]);
    const text = formatDiffText(
      diff(
        CAREFUL,
        edited((d) => {
          d.setIn(["pricing", "currency"], "USD");
          d.setIn(["pricing", "overageCap"], "5000.00");
        }),
      ),
      "a",
      "b",
    );
    expect(text).toContain("2 change(s): 0 worse, 0 better for you, 1 not comparable;");
    expect(text).not.toContain("(incomparable for you)");
  });

  it("does not count a certification as lost when one that includes it is held", () => {
    const upgrade = edited((d) =>
      d.setIn(["data", "certifications"], d.createNode(["soc2-type-1", "iso-27001", "gdpr-dpa"])),
    );
    const toType2 = diff(upgrade, CAREFUL).changes.map((c) => [c.kind, c.new ?? c.old, c.direction]);
    expect(toType2).toEqual(
      expect.arrayContaining([
        ["added", "soc2-type-2", "better"],
        ["removed", "soc2-type-1", "neutral"],
      ]),
    );
    expect(diff(upgrade, CAREFUL).changes.find((c) => c.old === "soc2-type-1")?.summary).toBe(
      "certification soc2-type-1 removed (included in soc2-type-2, which the new version holds)",
    );
    // The other way round is a downgrade: losing Type 2 is worse, and Type 1 does not make up for it.
    const toType1 = diff(CAREFUL, upgrade).changes.map((c) => [c.kind, c.new ?? c.old, c.direction]);
    expect(toType1).toEqual(
      expect.arrayContaining([
        ["removed", "soc2-type-2", "worse"],
        ["added", "soc2-type-1", "neutral"],
      ]),
    );
    // Dropping a certification nothing replaces is still worse.
    expect(
      judged((d) => d.setIn(["data", "certifications"], d.createNode(["soc2-type-2", "gdpr-dpa"]))),
    ).toEqual([["data.certifications[1]", "worse", "certification iso-27001 removed"]]);
  });

  it("judges escalation thresholds and attempts by how often a person takes over", () => {
    const lowConfidence = edited((d) => d.setIn(["escalation", "triggers", 1, "threshold"], 0.95));
    const fewer = edited((d) => d.setIn(["escalation", "triggers", 1, "threshold"], 0.1));
    expect(diff(lowConfidence, fewer).changes.map((c) => [c.direction, c.summary])).toEqual([
      ["worse", "low-confidence threshold lowered 0.95 → 0.1"],
    ]);
    expect(diff(fewer, lowConfidence).changes.map((c) => c.direction)).toEqual(["better"]);
    // Negative sentiment escalates below its threshold: nearer 0 escalates more.
    expect(judged((d) => d.setIn(["escalation", "triggers", 4, "threshold"], -0.9))).toEqual([
      ["escalation.triggers[4].threshold", "worse", "negative-sentiment threshold lowered -0.6 → -0.9"],
    ]);
    expect(judged((d) => d.setIn(["escalation", "triggers", 2, "attempts"], 5))).toEqual([
      [
        "escalation.triggers[2].attempts",
        "worse",
        "repeated-failure attempts before a person takes over raised 2 → 5",
      ],
    ]);
  });

  it("judges measurement, change-control, data and pricing terms that favour one side", () => {
    const cases: [(d: Document) => void, string, string][] = [
      // A larger minimum sample leaves more periods unassessed: they cannot breach.
      [
        (d) => d.setIn(["sla", "objectives", 0, "measurement", "minimumSample"], 1000),
        "sla.objectives[0].measurement.minimumSample",
        "worse",
      ],
      [
        (d) => d.setIn(["sla", "objectives", 3, "measurement", "minimumResponses"], 50),
        "sla.objectives[3].measurement.minimumResponses",
        "better",
      ],
      [
        (d) => d.setIn(["sla", "objectives", 1, "measurement", "reviewer"], "vendor"),
        "sla.objectives[1].measurement.reviewer",
        "worse",
      ],
      [
        (d) => d.setIn(["sla", "objectives", 1, "measurement", "reviewer"], "independent"),
        "sla.objectives[1].measurement.reviewer",
        "neutral",
      ],
      [
        (d) => d.setIn(["changeManagement", "significantChange", "evaluationDeltas", "resolution_rate"], 0.1),
        "changeManagement.significantChange.evaluationDeltas.resolution_rate",
        "worse",
      ],
      [
        (d) => d.setIn(["changeManagement", "parallelTesting", "minimumSample"], 100),
        "changeManagement.parallelTesting.minimumSample",
        "worse",
      ],
      [(d) => d.setIn(["data", "encryption", "keys"], "vendor-managed"), "data.encryption.keys", "worse"],
      [
        (d) => d.setIn(["data", "deletionOnTermination", "certified"], false),
        "data.deletionOnTermination.certified",
        "worse",
      ],
      [(d) => d.setIn(["integrations", 2, "scope"], "included"), "integrations[2].scope", "better"],
      [(d) => d.setIn(["integrations", 2, "price"], "400.00"), "integrations[2].price", "worse"],
      [
        (d) => d.setIn(["integrations", 3, "availableBy"], "2027-03-31"),
        "integrations[3].availableBy",
        "worse",
      ],
      [
        (d) => d.setIn(["roadmap", "commitments", 1, "due"], "2025-03-31"),
        "roadmap.commitments[1].due",
        "better",
      ],
      [(d) => d.setIn(["liability", "cap", "amount"], "100000.00"), "liability.cap.amount", "better"],
      [(d) => d.setIn(["liability", "aiOutputExcluded"], true), "liability.aiOutputExcluded", "worse"],
      [
        (d) => d.setIn(["pricing", "implementation", "oneTime", 0, "amount"], "4500.00"),
        "pricing.implementation.oneTime[0].amount",
        "worse",
      ],
      [(d) => d.setIn(["pricing", "minimumCommitment"], "1000.00"), "pricing.minimumCommitment", "worse"],
      [(d) => d.setIn(["pricing", "charges", 0, "freeUnits"], 100), "pricing.charges[0].freeUnits", "better"],
      [
        (d) => d.setIn(["pilot", "successCriteria", 0, "threshold"], 0.5),
        "pilot.successCriteria[0].threshold",
        "worse",
      ],
      [(d) => d.setIn(["term", "renewal", "kind"], "auto"), "term.renewal.kind", "worse"],
      [(d) => d.setIn(["term", "renewal", "kind"], "none"), "term.renewal.kind", "neutral"],
    ];
    for (const [edit, path, direction] of cases) {
      expect(judged(edit).map(([p, dir]) => [p, dir])).toEqual([[path, direction]]);
    }
  });

  it("judges an added or removed flag by what its absence means", () => {
    const withoutExclusion = edited((d) => d.deleteIn(["liability", "aiOutputExcluded"]));
    const excluded = edited((d) => d.setIn(["liability", "aiOutputExcluded"], true));
    expect(diff(withoutExclusion, excluded).changes.map((c) => [c.kind, c.direction])).toEqual([
      ["added", "worse"],
    ]);
    expect(diff(excluded, withoutExclusion).changes.map((c) => [c.kind, c.direction])).toEqual([
      ["removed", "better"],
    ]);
    // Stating a right as false adds nothing; removing a right the buyer had is worse.
    const noRollback = edited((d) => d.deleteIn(["changeManagement", "rollback", "onRequest"]));
    const falseRollback = edited((d) => d.setIn(["changeManagement", "rollback", "onRequest"], false));
    expect(diff(noRollback, falseRollback).changes.map((c) => c.direction)).toEqual(["neutral"]);
    expect(diff(CAREFUL, noRollback).changes.map((c) => c.direction)).toEqual(["worse"]);
    // A worst-case term leaving the contract is better, and a cost item leaving the price too.
    const shared = edited((d) => d.setIn(["data", "trainingUse"], "shared"));
    const silent = edited((d) => d.deleteIn(["data", "trainingUse"]));
    expect(diff(shared, silent).changes.map((c) => c.direction)).toEqual(["better"]);
    expect(
      judged((d) => d.deleteIn(["pricing", "implementation", "oneTime", 1])).map(([p, dir]) => [p, dir]),
    ).toEqual([["pricing.implementation.oneTime[1]", "better"]]);
  });
});
