import type { ContractPath } from "../contract-path.js";
import type { SupportContract } from "../contract-schema.js";

/** How much a finding matters: `error` fails `vouch contract lint`, the others inform. */
export type Severity = "error" | "warning" | "info";

/** Where a rule fired and what it means for the buyer there. */
export interface RuleHit {
  readonly path: ContractPath;
  readonly message: string;
}

/**
 * A check of the contract against the procurement checklist (shared/seed). Ids are stable (`VCH` + section
 * digit + number) and never reused; the name is a readable alias accepted wherever an id is.
 */
export interface LintRule {
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  /** One line: the risk, in the buyer's terms. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** What to ask the vendor for (or write into the contract). */
  readonly ask: string;
  /** Section of the procurement framework the rule comes from. */
  readonly framework: string;
  readonly check: (contract: SupportContract) => readonly RuleHit[];
}

/** A finding at `path`. */
export const hit = (path: ContractPath, message: string): RuleHit => ({ path, message });

/** Fires once at `path` when `condition` holds. */
export const when = (condition: boolean, path: ContractPath, message: string): readonly RuleHit[] =>
  condition ? [hit(path, message)] : [];
