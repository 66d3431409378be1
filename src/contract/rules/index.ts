import { ACCOUNTABILITY_RULES } from "./accountability-rules.js";
import { CHANGE_RULES } from "./change-rules.js";
import { DATA_RULES } from "./data-rules.js";
import { ESCALATION_RULES } from "./escalation-rules.js";
import { INTEGRATION_RULES } from "./integration-rules.js";
import { PILOT_ROADMAP_RULES } from "./pilot-roadmap-rules.js";
import { PRICING_RULES } from "./pricing-rules.js";
import type { LintRule } from "./rule.js";
import { SLA_RULES } from "./sla-rules.js";

export type { LintRule, Severity } from "./rule.js";

/**
 * The pseudo-rule under which validation problems are reported by `vouch contract lint`, so one output (and
 * one SARIF run) carries both. Its check never fires: parseContract produces these findings.
 */
export const INVALID_CONTRACT_RULE: LintRule = {
  id: "VCH000",
  name: "invalid-contract",
  severity: "error",
  title: "The contract file is not valid: it cannot be linted, stored or activated",
  why: "A document that fails validation (YAML syntax, unknown keys, wrong types, impossible values such as a floor above 1, tiers out of order or a pilot outside the term) has no single meaning, so Vouch never activates it and the checklist cannot be applied to it. Each problem names its code, YAML path, line and column; docs/contract.md lists the codes.",
  ask: "Fix each reported problem; `vouch contract validate <file>` lists them all.",
  framework: "How AI Support Agreements Break From the SaaS Mold",
  check: () => [],
};

/** Every rule, in id order. Ids group by section: 1 SLA, 2 escalation, 3 change, 4 data, 5 integrations,
 * 6 pricing, 7 audit and liability, 8 pilot and roadmap. */
export const LINT_RULES: readonly LintRule[] = Object.freeze([
  INVALID_CONTRACT_RULE,
  ...SLA_RULES,
  ...ESCALATION_RULES,
  ...CHANGE_RULES,
  ...DATA_RULES,
  ...INTEGRATION_RULES,
  ...PRICING_RULES,
  ...ACCOUNTABILITY_RULES,
  ...PILOT_ROADMAP_RULES,
]);
