import { describe, expect, it } from "vitest";
import { formatFindingsText, lintReport, summaryLine, toSarif } from "./format-findings.js";
import { type Finding, lintContract, problemFindings } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";
import { LINT_RULES } from "./rules/index.js";

const DOC = `apiVersion: vouch/v1
kind: SupportContract
metadata: { name: sample }
data:
  trainingUse: shared
`;

function findings(): readonly Finding[] {
  const parsed = parseContract(DOC);
  if (!parsed.ok) throw new Error("invalid");
  return lintContract(parsed.contract, parsed.source);
}

describe("text and JSON output", () => {
  it("prints file:line:col severity id message, then a summary", () => {
    const text = formatFindingsText(findings(), "c.yaml");
    expect(text).toContain(
      "c.yaml:5:3 error VCH402 Your conversations may train models that serve other customers",
    );
    expect(text.split("\n").at(-1)).toMatch(/^\d+ errors, \d+ warnings, \d+ info$/);
    expect(summaryLine([])).toBe("no findings");
  });

  it("adds the problem code for validation findings", () => {
    const parsed = parseContract("apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: 1 }\n");
    if (parsed.ok) throw new Error("expected problems");
    expect(formatFindingsText(problemFindings(parsed.problems), "c.yaml")).toBe(
      "c.yaml:3:13 error VCH000 must be a string, got number 1 [wrong-type]\n1 error, 0 warnings, 0 info",
    );
  });

  it("summarises per severity in the JSON report", () => {
    const report = lintReport("c.yaml", true, findings());
    expect(report.summary.error).toBe(report.findings.filter((f) => f.severity === "error").length);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("SARIF 2.1.0", () => {
  const LEVELS = ["none", "note", "warning", "error"];
  const log = toSarif(findings(), { file: "contracts\\c.yaml", toolVersion: "0.1.0" });

  it("has the top-level shape the spec requires", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]?.tool.driver;
    expect(driver?.name).toBe("vouch");
    expect(driver?.version).toBe("0.1.0");
  });

  it("describes every rule: id, name, descriptions, help URI to its docs anchor, default level", () => {
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      expect(r.shortDescription.text).toBe(LINT_RULES[i]?.title);
      expect(r.fullDescription.text).toBe(LINT_RULES[i]?.why);
      expect(r.help.text).toContain("Ask the vendor for:");
      expect(r.helpUri).toBe(`docs/lint-rules.md#${r.id.toLowerCase()}-${r.name}`);
      expect(LEVELS).toContain(r.defaultConfiguration.level);
    }
    expect(rules.find((r) => r.id === "VCH801")?.defaultConfiguration.level).toBe("note");
  });

  it("reports each finding with its rule, level, message and physical location", () => {
    const run = log.runs[0];
    const results = run?.results ?? [];
    expect(results).toHaveLength(findings().length);
    for (const [i, r] of results.entries()) {
      const finding = findings()[i];
      expect(r.ruleId).toBe(finding?.ruleId);
      expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(LEVELS).toContain(r.level);
      expect(r.message.text).toBe(finding?.message);
      const physical = r.locations[0]?.physicalLocation;
      expect(physical?.artifactLocation.uri).toBe("contracts/c.yaml");
      expect(run?.artifacts[physical?.artifactLocation.index ?? -1]?.location.uri).toBe("contracts/c.yaml");
      expect(physical?.region).toEqual({ startLine: finding?.line, startColumn: finding?.column });
    }
    const shared = results.find((r) => r.ruleId === "VCH402");
    expect(shared).toMatchObject({
      level: "error",
      locations: [
        {
          physicalLocation: { region: { startLine: 5, startColumn: 3 } },
          logicalLocations: [{ fullyQualifiedName: "data.trainingUse" }],
        },
      ],
    });
  });

  it("uses an absolute help base when given one, and then also sets informationUri", () => {
    const base = "https://example.com/vouch/blob/main/docs/lint-rules.md";
    const withBase = toSarif([], { file: "c.yaml", helpBaseUri: base });
    expect(withBase.runs[0]?.tool.driver.informationUri).toBe(base);
    expect(withBase.runs[0]?.tool.driver.rules[0]?.helpUri).toBe(`${base}#vch000-invalid-contract`);
    expect(log.runs[0]?.tool.driver.informationUri).toBeUndefined();
  });
});
