import { formatPath } from "./contract-path.js";
import type { Problem } from "./contract-problem.js";
import type { SupportContract } from "./contract-schema.js";
import { INVALID_CONTRACT_RULE, LINT_RULES, type LintRule, type Severity } from "./rules/index.js";
import type { ContractSource } from "./yaml-source.js";

/** A place where the contract falls short of the procurement checklist. */
export interface Finding {
  /** Stable rule id, e.g. VCH302. */
  readonly ruleId: string;
  /** Readable rule name, e.g. no-notice-window. */
  readonly ruleName: string;
  readonly severity: Severity;
  /** The risk in the buyer's terms, specific to this contract. */
  readonly message: string;
  /** YAML path of the offending (or missing) element; empty for the whole document. */
  readonly path: string;
  /** 1-based line and column, when the source text is known. */
  readonly line?: number;
  readonly column?: number;
  /** For VCH000 findings: the validation problem code. */
  readonly code?: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Lints a valid contract against every rule. With the source, findings carry line and column (a missing
 * section points at its nearest existing parent) and come in file order; without, in rule order.
 */
export function lintContract(contract: SupportContract, source?: ContractSource): readonly Finding[] {
  const findings: Finding[] = [];
  for (const rule of LINT_RULES) {
    for (const h of rule.check(contract)) {
      const position = source?.locate(h.path);
      findings.push(
        Object.freeze({
          ruleId: rule.id,
          ruleName: rule.name,
          severity: rule.severity,
          message: h.message,
          path: formatPath(h.path),
          ...(position ? { line: position.line, column: position.column } : {}),
        }),
      );
    }
  }
  return Object.freeze(source ? findings.sort(compareFindings) : findings);
}

/** Validation problems as VCH000 findings, so `lint` reports an invalid file in the same formats. */
export function problemFindings(problems: readonly Problem[]): readonly Finding[] {
  return Object.freeze(
    problems.map((p) =>
      Object.freeze({
        ruleId: INVALID_CONTRACT_RULE.id,
        ruleName: INVALID_CONTRACT_RULE.name,
        severity: INVALID_CONTRACT_RULE.severity,
        message: p.message,
        path: p.path,
        line: p.line,
        column: p.column,
        code: p.code,
      }),
    ),
  );
}

/** Finds a rule by id (case-insensitive, `vch302` works) or by name. */
export function findLintRule(idOrName: string): LintRule | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return LINT_RULES.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
}

/** Counts findings per severity. */
export function summarizeFindings(findings: readonly Finding[]): Readonly<Record<Severity, number>> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return Object.freeze(counts);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
