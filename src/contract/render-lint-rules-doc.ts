import { ruleAnchor, ruleHelpText } from "./format-findings.js";
import { LINT_RULES, type LintRule } from "./rules/index.js";

/** Where the rules reference is committed, relative to the repository root. */
export const LINT_RULES_DOC_FILE = "docs/lint-rules.md";

/**
 * docs/lint-rules.md, generated from the rule registry so the page, `vouch contract explain` and the SARIF
 * rule help can never disagree. A test fails when the committed page is not current.
 */
export function renderLintRulesDoc(rules: readonly LintRule[] = LINT_RULES): string {
  const out: string[] = [
    "# Contract lint rules",
    "",
    "<!-- Generated from src/contract/rules by `vouch contract rules --markdown > docs/lint-rules.md`; do not edit by hand. -->",
    "",
    "`vouch contract lint <file>` checks a contract against the procurement checklist of the framework in",
    '`shared/seed/` ("Enterprise AI Support Contracts: What They Are, What to Look For, and How to Negotiate',
    'Them"). Each rule has a stable id, never reused: the first digit is the area (1 SLA, 2 escalation,',
    "3 change management, 4 data, 5 integrations, 6 pricing, 7 audit and liability, 8 pilot and roadmap);",
    "VCH000 carries validation problems. Rule names are accepted wherever an id is",
    "(`vouch contract explain no-notice-window`).",
    "",
    "Severities: **error** fails `vouch contract lint` (exit 1), **warning** and **info** inform. A missing",
    "section is reported at the nearest existing parent, so every finding has a line and column. The file",
    "format is described in [contract.md](contract.md).",
    "",
    "| Id | Name | Severity | Risk |",
    "| --- | --- | --- | --- |",
    ...rules.map((r) => `| [${r.id}](#${ruleAnchor(r)}) | ${r.name} | ${r.severity} | ${r.title} |`),
    "",
  ];
  for (const rule of rules) {
    out.push(
      `## ${rule.id} ${rule.name}`,
      "",
      `**${rule.severity}** — ${rule.title}.`,
      "",
      rule.why,
      "",
      `**Ask the vendor for:** ${rule.ask}`,
      "",
      `*Procurement framework: “${rule.framework}”.*`,
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** What `vouch contract explain <id>` prints. */
export function explainRule(rule: LintRule): string {
  return [`${rule.id} ${rule.name} (${rule.severity})`, "", `${rule.title}.`, "", ruleHelpText(rule)].join(
    "\n",
  );
}
