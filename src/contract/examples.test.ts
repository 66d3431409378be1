import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractParameters } from "./contract-parameters.js";
import { type Finding, lintContract } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";

const read = (name: string) =>
  readFileSync(new URL(`../../examples/contracts/${name}.yaml`, import.meta.url), "utf8");

function lint(name: string): readonly Finding[] {
  const parsed = parseContract(read(name));
  if (!parsed.ok) throw new Error(`${name} is invalid: ${JSON.stringify(parsed.problems)}`);
  return lintContract(parsed.contract, parsed.source);
}

describe("examples/contracts/careful-buyer.yaml", () => {
  it("is valid and lint-clean: not a single finding", () => {
    expect(lint("careful-buyer")).toEqual([]);
  });

  it("gives the runtime the parameters it states", () => {
    const parsed = parseContract(read("careful-buyer"));
    if (!parsed.ok) throw new Error("invalid");
    const p = contractParameters(parsed.contract);
    expect(p.escalation).toMatchObject({
      lowConfidence: 0.55,
      repeatedFailureAttempts: 2,
      negativeSentiment: -0.6,
      handoffTarget: "inbox",
      fallbackChannel: "queue",
      fallbackMaxDelayMinutes: 5,
    });
    expect(p.resolution).toEqual({ inactivityHours: 24, durabilityDays: 7 });
    expect(p.residency).toBe("eu");
    expect(p.noticeDays).toBe(30);
    expect(p.billableEvents).toEqual(["resolution"]);
    expect(p.retentionDays.personalData).toBe(365);
  });
});

describe("examples/contracts/vendor-standard.yaml", () => {
  const findings = lint("vendor-standard");
  const ids = new Set(findings.map((f) => f.ruleId));
  const at = (ruleId: string) =>
    findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}@${f.line}`);

  it("is valid (it parses) but fails the lint with errors", () => {
    expect(findings.some((f) => f.severity === "error")).toBe(true);
  });

  it("raises the findings of typical vendor standard terms", () => {
    expect([...ids].sort()).toEqual([
      "VCH101", // uptime only
      "VCH103", // no termination for sustained underperformance
      "VCH104",
      "VCH105",
      "VCH106",
      "VCH107", // no resolution-rate, accuracy, escalation or CSAT terms
      "VCH110", // measured by the vendor
      "VCH111", // resolution undefined, yet billed per resolution
      "VCH201", // escalation triggers left to default settings
      "VCH202", // no handoff payload
      "VCH203", // no handoff fallback
      "VCH301", // significant change left to the vendor
      "VCH302", // no notice window
      "VCH303", // no parallel testing
      "VCH304", // no rollback right
      "VCH401", // data ownership undefined
      "VCH402", // shared training use
      "VCH404", // residency unset
      "VCH405", // retention unset
      "VCH406", // encryption unset
      "VCH407", // SOC 2 Type I only
      "VCH408", // healthcare and GDPR without BAA and DPA
      "VCH409", // no export delivery time
      "VCH410", // export contents undefined
      "VCH501", // integrations not classified
      "VCH502", // integrations without reliability SLO
      "VCH503", // roadmap integration without date
      "VCH602", // volume cliffs
      "VCH603", // no overage cap
      "VCH604", // per-resolution pricing without a resolution floor
      "VCH605", // implementation costs not split
      "VCH606", // billed per API call
      "VCH701", // no decision logs
      "VCH703", // no liability for vendor-controlled content
      "VCH801", // no pilot
      "VCH804", // no roadmap
      "VCH805", // no improvement reporting
    ]);
  });

  it("locates each finding on the clause that causes it", () => {
    expect(at("VCH101")).toEqual(["sla.objectives@30"]);
    expect(at("VCH402")).toEqual(["data.trainingUse@54"]);
    expect(at("VCH301")).toEqual(["changeManagement.significantChange.definedBy@50"]);
    expect(at("VCH703")).toEqual(["liability.aiOutputExcluded@74"]);
    expect(at("VCH502")).toEqual(["integrations[0]@62", "integrations[1]@63"]);
    expect(at("VCH408").length).toBe(2);
  });

  it("prices the cliffs exactly", () => {
    expect(findings.filter((f) => f.ruleId === "VCH602").map((f) => f.message)).toEqual([
      "conversations: 5,000 conversations cost 4,950.00 USD but 5,001 cost 7,451.49 USD; crossing the tier reprices every unit already used",
      "conversations: 10,000 conversations cost 14,900.00 USD but 10,001 cost 19,901.99 USD; crossing the tier reprices every unit already used",
      "automated-resolutions: 1,001 resolutions cost 1,501.50 USD, less than 1,000 (2,000.00 USD); buying more costs less",
    ]);
  });
});
