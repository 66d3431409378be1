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
    expect(forward.changes.filter((c) => c.direction === "worse").length).toBeGreaterThan(20);
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
