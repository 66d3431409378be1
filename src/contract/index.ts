/**
 * Contract as code: the schema of the support contract, parsing with located problems, the procurement
 * linter, exact pricing, the redline diff and the runtime parameters — a pure core with no I/O and no
 * clock — plus the use cases that store versions with their history, activate them from an effective date,
 * read them back, and bind the contract in force to the running system (`activeContractParameters`). Other
 * capabilities import only from this file, and it exports only what they use.
 */

export { activateContract } from "./activate-contract.js";
export { activeContractParameters } from "./active-contract-parameters.js";
export { type ContractChecker, createContractChecker } from "./contract-checker.js";
export { CONTRACT_SCHEMA_FILE, contractJsonSchemaText } from "./contract-json-schema.js";
export {
  applyContractSettings,
  type ContractParameters,
  contractParameters,
  DEFAULT_CONTRACT_PARAMETERS,
} from "./contract-parameters.js";
export type { Problem } from "./contract-problem.js";
export {
  type BillableEvent,
  PAYLOAD_FIELDS,
  type PayloadField,
  type SupportContract,
  SupportContractSchema,
} from "./contract-schema.js";
export {
  ActivationView,
  ActiveContractView,
  ContractDetailView,
  ContractDiffView,
  ContractHistoryView,
  ContractSummaryView,
  FindingView,
  LintSummaryView,
  ProblemView,
  ValidationView,
} from "./contract-views.js";
export { diffContracts } from "./diff-contracts.js";
export { formatDiffText } from "./format-diff.js";
export { formatFindingsText, lintReport, toSarif } from "./format-findings.js";
export { findLintRule, lintContract, problemFindings } from "./lint-contract.js";
export { MAX_CONTRACT_LENGTH, parseContract } from "./parse-contract.js";
export {
  contractStanding,
  diffStoredContracts,
  getActiveContract,
  getContract,
  listContracts,
} from "./read-contracts.js";
export { explainRule, LINT_RULES_DOC_FILE, renderLintRulesDoc } from "./render-lint-rules-doc.js";
export { LINT_RULES } from "./rules/index.js";
export { storeContract } from "./store-contract.js";
export {
  DELIVERABLE_HANDOFF_TARGETS,
  HONOURED_FALLBACK_CHANNELS,
  type UnsupportedTerm,
  unsupportedTerms,
} from "./unsupported-terms.js";
export type { ContractSource } from "./yaml-source.js";
