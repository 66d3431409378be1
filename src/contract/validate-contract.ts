import { sha256Hex } from "../shared/hash.js";
import type { ValidationView } from "./contract-views.js";
import { lintContract, problemFindings, summarizeFindings } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";

/**
 * Checks a document without storing it: validity with every located problem, and the lint findings (for an
 * invalid document, its problems as VCH000 errors, as `vouch contract lint` reports them). Pure.
 */
export function validateContract(document: string): ValidationView {
  const parsed = parseContract(document);
  const findings = parsed.ok
    ? lintContract(parsed.contract, parsed.source)
    : problemFindings(parsed.problems);
  return {
    valid: parsed.ok,
    name: parsed.ok ? parsed.contract.metadata.name : null,
    sha256: sha256Hex(document),
    problems: parsed.ok ? [] : [...parsed.problems],
    summary: { ...summarizeFindings(findings) },
    findings: [...findings],
  };
}
