import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerContract } from "../cli/commands/contract.js";
import { type CommandRun, runCommand } from "../cli/test-support/run-command.js";
import { contractJsonSchemaText } from "./contract-json-schema.js";
import { renderLintRulesDoc } from "./render-lint-rules-doc.js";

// `vouch contract ...` run in-process: the command is registered on a fresh program and its output captured.

const CAREFUL = "examples/contracts/careful-buyer.yaml";
const VENDOR = "examples/contracts/vendor-standard.yaml";
const dir = mkdtempSync(join(tmpdir(), "vouch-contract-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INVALID = join(dir, "invalid.yaml");
writeFileSync(
  INVALID,
  "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: x }\nsla:\n  objectivs: []\n",
);

const vouch = (...args: string[]): Promise<CommandRun> => runCommand(registerContract, args);

describe("vouch contract lint", () => {
  it("exits 0 with no findings for the careful buyer's contract", async () => {
    expect(await vouch("contract", "lint", CAREFUL)).toEqual({
      stdout: "no findings\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("prints file:line:col severity id message and exits 1 on errors", async () => {
    const r = await vouch("contract", "lint", VENDOR);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      `${VENDOR}:54:3 error VCH402 Your conversations may train models that serve other customers, competitors included\n`,
    );
    expect(r.stdout).toMatch(/\n\d+ errors, \d+ warnings, 2 info\n\n/);
  });

  it("says which terms this version of Vouch cannot honour, without failing the lint for them", async () => {
    const r = await vouch("contract", "lint", VENDOR);
    expect(r.stdout).toMatch(
      /\nThis version of Vouch cannot honour 1 term\(s\); activating the contract is refused until they change:\n {2}escalation\.handoff\.target: zendesk: handoffs can only be delivered to the built-in inbox: this deployment has no zendesk connector\n$/,
    );
    const json = JSON.parse((await vouch("contract", "lint", VENDOR, "--format", "json")).stdout);
    expect(json.unsupported).toEqual([
      expect.objectContaining({ term: "escalation.handoff.target", value: "zendesk" }),
    ]);
    expect(
      JSON.parse((await vouch("contract", "lint", CAREFUL, "--format", "json")).stdout).unsupported,
    ).toEqual([]);
  });

  it("prints SARIF 2.1.0 with the package version", async () => {
    const r = await vouch("contract", "lint", VENDOR, "--format", "sarif");
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { version: string } } }[];
    };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.exitCode).toBe(1);
  });

  it("reports an invalid file as VCH000 errors with locations, in JSON too", async () => {
    const r = await vouch("contract", "lint", INVALID, "--format", "json");
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: false,
      summary: { error: 1, warning: 0, info: 0 },
      findings: [{ ruleId: "VCH000", code: "unknown-key", path: "sla.objectivs", line: 5, column: 3 }],
    });
  });

  it("rejects an unknown format", async () => {
    const r = await vouch("contract", "lint", CAREFUL, "--format", "xml");
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("Allowed choices are text, json, sarif");
  });
});

describe("vouch contract validate", () => {
  it("confirms a valid file", async () => {
    const r = await vouch("contract", "validate", CAREFUL);
    expect(r).toEqual({
      stdout: `${CAREFUL}: valid SupportContract "acme-support-2025"\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("lists each problem with its location and fails with CONTRACT_INVALID", async () => {
    const r = await vouch("contract", "validate", INVALID);
    expect(r.stdout).toBe(
      `${INVALID}:5:3 unknown-key unknown key "objectivs" in sla; did you mean "objectives"?\n`,
    );
    expect(r.stderr).toBe(`error CONTRACT_INVALID: ${INVALID} has 1 problem(s)\n`);
    expect(r.exitCode).toBe(2);
  });

  it("--json keeps stdout a JSON document", async () => {
    const r = await vouch("contract", "validate", INVALID, "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: false,
      problems: [{ code: "unknown-key", line: 5 }],
    });
    expect(r.exitCode).toBe(2);
  });

  it("reports unreadable files with FILE_UNREADABLE", async () => {
    const missing = await vouch("contract", "validate", join(dir, "nope.yaml"));
    expect(missing.stderr).toBe(
      `error FILE_UNREADABLE: cannot read ${join(dir, "nope.yaml")}: no such file\n`,
    );
    expect(missing.exitCode).toBe(66);
    expect((await vouch("contract", "validate", dir)).stderr).toContain("it is a directory");
    const binary = join(dir, "binary.yaml");
    writeFileSync(binary, Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect((await vouch("contract", "lint", binary)).stderr).toContain("it is not UTF-8 text");
  });
});

describe("vouch contract diff, explain, rules, schema", () => {
  it("diff prints the redline", async () => {
    const r = await vouch("contract", "diff", CAREFUL, VENDOR);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("~ training use changed tenant-only → shared (worse for you)");
    expect(r.stdout).toContain("Findings added by the new version (42):");
    const json = JSON.parse((await vouch("contract", "diff", CAREFUL, VENDOR, "--json")).stdout) as {
      changes: unknown[];
      findingsAdded: unknown[];
    };
    expect(json.findingsAdded).toHaveLength(42);
  });

  it("diff refuses an invalid version with CONTRACT_INVALID", async () => {
    const r = await vouch("contract", "diff", CAREFUL, INVALID);
    expect(r.stderr).toMatch(
      /^error CONTRACT_INVALID: .*invalid\.yaml is not a valid contract \(1 problem\(s\): .*:5:3 unknown-key/,
    );
    expect(r.exitCode).toBe(2);
  });

  it("explain prints the rule's explanation, by id or name; an unknown id is NOT_FOUND", async () => {
    const r = await vouch("contract", "explain", "vch302");
    expect(r.stdout).toMatch(
      /^VCH302 no-notice-window \(error\)\n\nNo advance notice before significant changes\.\n\n/,
    );
    expect(r.stdout).toContain("Ask the vendor for:");
    expect((await vouch("contract", "explain", "volume-cliff")).stdout).toMatch(/^VCH602 volume-cliff/);
    const unknown = await vouch("contract", "explain", "VCH999");
    expect(unknown.stderr).toMatch(/^error NOT_FOUND: lint rule VCH999/);
    expect(unknown.exitCode).toBe(4);
  });

  it("rules lists every rule, and prints the docs page with --markdown", async () => {
    expect((await vouch("contract", "rules")).stdout).toMatch(/VCH602\s+volume-cliff\s+error/);
    expect((await vouch("contract", "rules", "--markdown")).stdout).toBe(renderLintRulesDoc());
    const json = JSON.parse((await vouch("contract", "rules", "--json")).stdout) as {
      id: string;
      check?: unknown;
    }[];
    expect(json[0]).toMatchObject({ id: "VCH000", name: "invalid-contract" });
    expect(json[0]?.check).toBeUndefined();
  });

  it("schema prints the JSON Schema or writes it with --out", async () => {
    expect((await vouch("contract", "schema")).stdout).toBe(contractJsonSchemaText());
    const out = join(dir, "nested", "contract.schema.json");
    const r = await vouch("contract", "schema", "--out", out);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, "utf8")).toBe(contractJsonSchemaText());
  });

  it("--help describes the commands", async () => {
    const r = await vouch("contract", "--help");
    for (const sub of ["lint", "validate", "diff", "explain", "rules", "schema"])
      expect(r.stdout).toContain(sub);
    expect(r.stdout).toContain("docs/contract.md");
    const lint = await vouch("contract", "lint", "--help");
    expect(lint.stdout.replace(/\s+/g, " ")).toContain('(choices: "text", "json", "sarif", default: "text")');
  });
});
