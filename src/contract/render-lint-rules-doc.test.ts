import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ruleAnchor } from "./format-findings.js";
import { findLintRule } from "./lint-contract.js";
import { explainRule, renderLintRulesDoc } from "./render-lint-rules-doc.js";
import { LINT_RULES } from "./rules/index.js";

describe("rule registry, explain and docs", () => {
  it("has unique, well-formed ids and names, and a complete explanation for every rule", () => {
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
    expect(new Set(LINT_RULES.map((r) => r.name)).size).toBe(LINT_RULES.length);
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^VCH\d{3}$/);
      expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(["error", "warning", "info"]).toContain(r.severity);
      // A title is one line without a full stop; the why and the ask are sentences.
      expect(r.title, r.id).toMatch(/^[A-Z][^\n]*[^.\s]$/);
      expect(r.why, r.id).toMatch(/^[A-Z].*\.$/s);
      expect(r.ask, r.id).toMatch(/^\S.*\.$/s);
    }
    for (const text of ["title", "why", "ask"] as const)
      expect(new Set(LINT_RULES.map((r) => r[text])).size, `each rule's own ${text}`).toBe(LINT_RULES.length);
  });

  it("cites only section headings of the procurement framework", () => {
    const headings = readFileSync(
      new URL("../../test/fixtures/procurement-framework-headings.txt", import.meta.url),
      "utf8",
    )
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"));
    expect(headings).toHaveLength(21);
    for (const r of LINT_RULES) expect(headings, `${r.id} cites "${r.framework}"`).toContain(r.framework);
  });

  it("explains every rule by id and by name, case-insensitively", () => {
    for (const r of LINT_RULES) {
      const text = explainRule(r);
      expect(text.startsWith(`${r.id} ${r.name} (${r.severity})`)).toBe(true);
      expect(text).toContain(r.why);
      expect(text).toContain(`Ask the vendor for: ${r.ask}`);
      expect(text).toContain(r.framework);
      expect(findLintRule(r.id.toLowerCase())).toBe(r);
      expect(findLintRule(r.name)).toBe(r);
    }
    expect(findLintRule("VCH999")).toBeUndefined();
  });

  it("docs/lint-rules.md is current and has a section per rule", () => {
    const doc = readFileSync(new URL("../../docs/lint-rules.md", import.meta.url), "utf8");
    expect(doc, "stale docs/lint-rules.md: run `vouch contract rules --markdown > docs/lint-rules.md`").toBe(
      renderLintRulesDoc(),
    );
    for (const r of LINT_RULES) {
      expect(doc).toContain(`\n## ${r.id} ${r.name}\n`);
      expect(doc).toContain(`(#${ruleAnchor(r)})`);
    }
  });
});
