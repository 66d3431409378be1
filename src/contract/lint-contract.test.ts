import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { findLintRule, lintContract, problemFindings } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";
import { LINT_RULES } from "./rules/index.js";

const CAREFUL = readFileSync(new URL("../../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful buyer's contract after an edit. */
function edited(edit: (doc: Document) => void): string {
  const doc = parseDocument(CAREFUL);
  edit(doc);
  return doc.toString();
}

/** Lints the careful buyer's contract after an edit; the edited document must stay valid. */
function lintEdited(edit: (doc: Document) => void) {
  const parsed = parseContract(edited(edit));
  if (!parsed.ok) throw new Error(`edit made the contract invalid: ${JSON.stringify(parsed.problems)}`);
  return lintContract(parsed.contract, parsed.source);
}

/**
 * What the line of a finding at `path` shows: the key the path ends with (in block or flow style), the
 * list item it names, or for the whole document its first key.
 */
function lineOf(path: string): RegExp {
  if (path === "") return /^apiVersion:/;
  const key = /(?:^|\.)(\w+)$/.exec(path)?.[1];
  return key ? new RegExp(`(^\\s*(- )?|[{,] *)${key}:`) : /^\s*- /;
}

const deleteAll = (doc: Document, paths: (string | number)[][]) => {
  for (const path of paths) doc.deleteIn(path);
};

/**
 * One weakening of the careful buyer's contract per rule: the rule must fire at the stated path. Together
 * with the test that the unedited contract is clean, each rule is shown to detect exactly its risk.
 */
const CASES: { rule: string; path: string; edit: (doc: Document) => void; message?: RegExp }[] = [
  {
    rule: "VCH101",
    path: "sla.objectives",
    edit: (d) => {
      d.setIn(["sla", "objectives"], d.createNode([{ metric: "availability", floor: 0.999 }]));
      d.deleteIn(["sla", "credits"]);
    },
    message: /^Only availability is promised/,
  },
  {
    rule: "VCH102",
    path: "sla.objectives[3]",
    edit: (d) => {
      d.deleteIn(["sla", "credits", "tiers", 7]);
      d.setIn(["sla", "termination", "metrics"], d.createNode(["resolution_rate", "escalation_latency"]));
    },
    message: /^csat floor 4.2 has no remedy/,
  },
  { rule: "VCH103", path: "sla", edit: (d) => d.deleteIn(["sla", "termination"]) },
  {
    rule: "VCH103",
    path: "sla.termination.penalty",
    edit: (d) => d.setIn(["sla", "termination", "penalty"], "early-termination-fee"),
  },
  {
    rule: "VCH104",
    path: "sla.objectives",
    edit: (d) =>
      deleteAll(d, [
        ["sla", "credits", "tiers", 2],
        ["sla", "credits", "tiers", 1],
        ["sla", "credits", "tiers", 0],
        ["sla", "objectives", 0],
      ]),
  },
  {
    rule: "VCH105",
    path: "sla.objectives",
    edit: (d) =>
      deleteAll(d, [
        ["sla", "credits", "tiers", 4],
        ["sla", "credits", "tiers", 3],
        ["sla", "objectives", 1],
      ]),
  },
  {
    rule: "VCH106",
    path: "sla.objectives",
    edit: (d) =>
      deleteAll(d, [
        ["sla", "credits", "tiers", 6],
        ["sla", "credits", "tiers", 5],
        ["sla", "objectives", 2],
      ]),
  },
  {
    rule: "VCH107",
    path: "sla.objectives",
    edit: (d) =>
      deleteAll(d, [
        ["sla", "credits", "tiers", 7],
        ["sla", "objectives", 3],
      ]),
  },
  {
    rule: "VCH108",
    path: "sla.objectives[0]",
    edit: (d) => d.deleteIn(["sla", "objectives", 0, "measurement"]),
  },
  {
    rule: "VCH109",
    path: "sla.objectives[1].measurement",
    edit: (d) => d.deleteIn(["sla", "objectives", 1, "measurement", "qaSampleSize"]),
  },
  {
    rule: "VCH110",
    path: "sla.objectives[3].measurement.source",
    edit: (d) => d.setIn(["sla", "objectives", 3, "measurement", "source"], "vendor"),
  },
  { rule: "VCH111", path: "sla", edit: (d) => d.deleteIn(["sla", "resolution"]) },
  { rule: "VCH201", path: "escalation", edit: (d) => d.deleteIn(["escalation", "triggers"]) },
  {
    rule: "VCH202",
    path: "escalation.handoff.payload",
    edit: (d) => d.setIn(["escalation", "handoff", "payload"], d.createNode(["sources", "confidence"])),
    message: /omits transcript, summary, reason/,
  },
  {
    rule: "VCH202",
    path: "escalation.handoff",
    edit: (d) => d.deleteIn(["escalation", "handoff", "payload"]),
  },
  {
    rule: "VCH203",
    path: "escalation.handoff",
    edit: (d) => d.deleteIn(["escalation", "handoff", "fallback"]),
  },
  {
    rule: "VCH203",
    path: "escalation.handoff.fallback",
    edit: (d) => d.deleteIn(["escalation", "handoff", "fallback", "maxDelayMinutes"]),
  },
  { rule: "VCH204", path: "escalation.triggers", edit: (d) => d.deleteIn(["escalation", "triggers", 0]) },
  {
    rule: "VCH301",
    path: "changeManagement.significantChange.definedBy",
    edit: (d) => d.setIn(["changeManagement", "significantChange", "definedBy"], "vendor"),
  },
  {
    rule: "VCH301",
    path: "changeManagement.significantChange",
    edit: (d) =>
      deleteAll(d, [
        ["changeManagement", "significantChange", "kinds"],
        ["changeManagement", "significantChange", "evaluationDeltas"],
      ]),
  },
  {
    rule: "VCH302",
    path: "changeManagement.noticeDays",
    edit: (d) => d.setIn(["changeManagement", "noticeDays"], 0),
  },
  { rule: "VCH302", path: "changeManagement", edit: (d) => d.deleteIn(["changeManagement", "noticeDays"]) },
  {
    rule: "VCH303",
    path: "changeManagement",
    edit: (d) => d.deleteIn(["changeManagement", "parallelTesting"]),
  },
  {
    rule: "VCH304",
    path: "changeManagement.rollback",
    edit: (d) => d.setIn(["changeManagement", "rollback", "onRequest"], false),
  },
  {
    rule: "VCH305",
    path: "changeManagement.rollback",
    edit: (d) => d.deleteIn(["changeManagement", "rollback", "maxHours"]),
  },
  { rule: "VCH401", path: "data.ownership", edit: (d) => d.setIn(["data", "ownership"], "vendor") },
  { rule: "VCH401", path: "data", edit: (d) => d.deleteIn(["data", "ownership"]) },
  { rule: "VCH402", path: "data.trainingUse", edit: (d) => d.setIn(["data", "trainingUse"], "shared") },
  { rule: "VCH403", path: "data", edit: (d) => d.deleteIn(["data", "trainingUse"]) },
  {
    rule: "VCH404",
    path: "data.residency",
    edit: (d) => d.setIn(["data", "residency", "processing"], "anywhere"),
    message: /stored in eu but may be processed anywhere/,
  },
  {
    rule: "VCH405",
    path: "data.retentionDays",
    edit: (d) => d.deleteIn(["data", "retentionDays", "personalData"]),
  },
  { rule: "VCH406", path: "data.encryption", edit: (d) => d.setIn(["data", "encryption", "atRest"], "none") },
  {
    rule: "VCH407",
    path: "data.certifications",
    edit: (d) => d.setIn(["data", "certifications"], d.createNode(["iso-27001", "gdpr-dpa"])),
  },
  {
    rule: "VCH408",
    path: "data.certifications",
    edit: (d) => d.setIn(["metadata", "industry"], "healthcare"),
    message: /^metadata.industry is healthcare, but the contract has no HIPAA business associate agreement/,
  },
  { rule: "VCH409", path: "data.export", edit: (d) => d.deleteIn(["data", "export", "deliveryDays"]) },
  {
    rule: "VCH410",
    path: "data.export.includes",
    edit: (d) => d.setIn(["data", "export", "includes"], d.createNode(["conversations", "metrics"])),
    message: /leaves out knowledge, configuration, training-data, integration-settings$/,
  },
  { rule: "VCH501", path: "integrations[1]", edit: (d) => d.deleteIn(["integrations", 1, "scope"]) },
  { rule: "VCH502", path: "integrations[1]", edit: (d) => d.deleteIn(["integrations", 1, "reliability"]) },
  { rule: "VCH503", path: "integrations[3]", edit: (d) => d.deleteIn(["integrations", 3, "availableBy"]) },
  {
    rule: "VCH601",
    path: "pricing.charges[0]",
    edit: (d) => d.deleteIn(["pricing", "charges", 0, "billableEvent"]),
  },
  { rule: "VCH601", path: "", edit: (d) => d.deleteIn(["pricing"]) },
  {
    rule: "VCH602",
    path: "pricing.charges[0].tiers[0]",
    edit: (d) => d.setIn(["pricing", "charges", 0, "model"], "volume"),
    message:
      /^resolutions: 2,001 resolutions cost 1,500.75 EUR, less than 2,000 \(1,800.00 EUR\); buying more costs less$/,
  },
  { rule: "VCH603", path: "pricing", edit: (d) => d.deleteIn(["pricing", "overageCap"]) },
  {
    rule: "VCH604",
    path: "pricing.charges[0].billableEvent",
    edit: (d) =>
      deleteAll(d, [
        ["sla", "credits", "tiers", 2],
        ["sla", "credits", "tiers", 1],
        ["sla", "credits", "tiers", 0],
        ["sla", "objectives", 0],
      ]),
  },
  {
    rule: "VCH605",
    path: "pricing.implementation",
    edit: (d) => d.deleteIn(["pricing", "implementation", "recurring"]),
  },
  { rule: "VCH605", path: "pricing", edit: (d) => d.deleteIn(["pricing", "implementation"]) },
  {
    rule: "VCH606",
    path: "pricing.charges[0].billableEvent",
    edit: (d) => d.setIn(["pricing", "charges", 0, "billableEvent"], "message"),
  },
  { rule: "VCH701", path: "audit.decisionLogs", edit: (d) => d.setIn(["audit", "decisionLogs"], false) },
  { rule: "VCH701", path: "", edit: (d) => d.deleteIn(["audit"]) },
  { rule: "VCH702", path: "audit", edit: (d) => d.deleteIn(["audit", "requestFulfilmentDays"]) },
  {
    rule: "VCH703",
    path: "liability.vendorControlledContent",
    edit: (d) => d.setIn(["liability", "vendorControlledContent"], "customer"),
  },
  {
    rule: "VCH703",
    path: "liability.aiOutputExcluded",
    edit: (d) => d.setIn(["liability", "aiOutputExcluded"], true),
  },
  { rule: "VCH801", path: "", edit: (d) => d.deleteIn(["pilot"]) },
  { rule: "VCH802", path: "pilot", edit: (d) => d.deleteIn(["pilot", "successCriteria"]) },
  { rule: "VCH803", path: "pilot.onFail", edit: (d) => d.setIn(["pilot", "onFail"], "convert") },
  { rule: "VCH803", path: "pilot", edit: (d) => d.deleteIn(["pilot", "onFail"]) },
  { rule: "VCH804", path: "roadmap", edit: (d) => d.deleteIn(["roadmap", "commitments"]) },
  { rule: "VCH805", path: "roadmap", edit: (d) => d.deleteIn(["roadmap", "improvementReporting"]) },
];

describe("lint rules, one weakening of the careful buyer's contract each", () => {
  it.each(CASES.map((c) => [c.rule, c.path, c] as const))("%s fires at %s", (rule, path, c) => {
    const findings = lintEdited(c.edit);
    const hits = findings.filter((f) => f.ruleId === rule);
    expect(
      hits.map((f) => f.path),
      JSON.stringify(findings, null, 2),
    ).toContain(path);
    const hit = hits.find((f) => f.path === path);
    const line = edited(c.edit).split("\n")[(hit?.line ?? 0) - 1];
    expect(line, `line ${hit?.line}`).toMatch(lineOf(path));
    expect(hit?.severity).toBe(findLintRule(rule)?.severity);
    if (c.message) expect(hit?.message).toMatch(c.message);
  });

  it("every rule except VCH000 has a case", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const missing = LINT_RULES.filter((r) => r.id !== "VCH000" && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it("a regulated buyer needs the agreement for each declared regulation", () => {
    const findings = lintEdited((d) => {
      d.setIn(["metadata", "regulations"], d.createNode(["gdpr", "hipaa", "pci-dss"]));
    });
    expect(findings.filter((f) => f.ruleId === "VCH408").map((f) => f.message)).toEqual([
      "metadata.regulations includes hipaa, but the contract has no HIPAA business associate agreement (hipaa-baa)",
      "metadata.regulations includes pci-dss, but the contract has no PCI DSS attestation (pci-dss)",
    ]);
  });
});

describe("lintContract", () => {
  it("without the source, reports paths only, in rule order", () => {
    const parsed = parseContract("apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: bare }\n");
    if (!parsed.ok) throw new Error("invalid");
    const findings = lintContract(parsed.contract);
    expect(findings[0]).toEqual({
      ruleId: "VCH101",
      ruleName: "uptime-only",
      severity: "error",
      message: "No service levels at all: nothing the vendor promises about the agent can be missed",
      path: "sla",
    });
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toEqual([...ids].sort());
  });

  it("with the source, points missing sections at their nearest parent, in file order", () => {
    const parsed = parseContract(
      "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: bare }\nsla: {}\n",
    );
    if (!parsed.ok) throw new Error("invalid");
    const findings = lintContract(parsed.contract, parsed.source);
    expect(findings.find((f) => f.ruleId === "VCH103")).toMatchObject({ path: "sla", line: 4, column: 1 });
    expect(findings.find((f) => f.ruleId === "VCH302")).toMatchObject({ path: "", line: 1, column: 1 });
    const order = findings.map((f) => (f.line ?? 0) * 1000 + (f.column ?? 0));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("reports validation problems as VCH000 errors with their code and location", () => {
    const parsed = parseContract(
      "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: x, nme: y }\n",
    );
    if (parsed.ok) throw new Error("expected problems");
    expect(problemFindings(parsed.problems)).toEqual([
      {
        ruleId: "VCH000",
        ruleName: "invalid-contract",
        severity: "error",
        message: 'unknown key "nme" in metadata; did you mean "name"?',
        path: "metadata.nme",
        line: 3,
        column: 22,
        code: "unknown-key",
      },
    ]);
  });
});
