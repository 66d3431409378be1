/**
 * Contract as code: the schema of the support contract, parsing with located problems, the procurement
 * linter, exact pricing, the redline diff and the runtime parameters — a pure core with no I/O and no
 * clock — plus the use cases that store versions with their history, activate them from an effective date,
 * read them back, and bind the contract in force to the running system (`activeContractParameters`). Other
 * capabilities import only from this file.
 */

export {
  type ActivateContractDeps,
  type ActivateContractInput,
  type ActivateContractResult,
  activateContract,
  EFFECTIVE_FROM_TOLERANCE_MS,
} from "./activate-contract.js";
export {
  type ActiveContractParameters,
  type ActiveContractParametersOptions,
  activeContractParameters,
  createActiveContractParameters,
  noteContractActivated,
} from "./active-contract-parameters.js";
export {
  CONTRACT_CHECK_BUDGET_MS,
  type ContractChecker,
  type ContractCheckerOptions,
  createContractChecker,
} from "./contract-checker.js";
export {
  CONTRACT_SCHEMA_FILE,
  CONTRACT_SCHEMA_ID,
  contractJsonSchema,
  contractJsonSchemaText,
} from "./contract-json-schema.js";
export {
  type AgentSensitiveTopic,
  type AgentSettingsFields,
  applyContractSettings,
  type ContractAgentSettings,
  type ContractParameters,
  type ContractTerm,
  contractParameters,
  DEFAULT_CONTRACT_PARAMETERS,
  notBindingReason,
  SENTIMENT_SCALE,
  termPosition,
} from "./contract-parameters.js";
export { type ContractPath, formatPath, type PathSegment } from "./contract-path.js";
export { PROBLEM_CODES, type Problem, type ProblemCode } from "./contract-problem.js";
export {
  BILLABLE_EVENTS,
  type BillableEvent,
  CONTRACT_API_VERSION,
  CONTRACT_KIND,
  type ContractIntegration,
  type CreditTier,
  type EscalationTrigger,
  INTEGRATION_NAMES,
  type IntegrationName,
  METRIC_NAMES,
  type MetricName,
  OUTCOME_METRICS,
  PAYLOAD_FIELDS,
  type PayloadField,
  type PriceTier,
  type PricingCharge,
  type SlaObjective,
  type SupportContract,
  SupportContractSchema,
} from "./contract-schema.js";
export {
  ACTIVATION_STATES,
  type ActivationFact,
  type ActivationState,
  activeAt,
  CONTRACT_STATUSES,
  type ContractStatus,
  compareActivations,
  contractStatus,
  placeActivations,
  type TimelineEntry,
} from "./contract-timeline.js";
export * from "./contract-views.js";
export {
  AMOUNT_SCALE,
  type Amount,
  formatAmount,
  formatMoney,
  minorUnitExponent,
  parseAmount,
  toMinorUnits,
} from "./decimal.js";
export {
  type ChangeDirection,
  type ChangeKind,
  type ContractChange,
  type ContractDiff,
  type DiffContractsOptions,
  diffContracts,
  type SectionChanges,
} from "./diff-contracts.js";
export { formatDiffText } from "./format-diff.js";
export {
  DEFAULT_HELP_BASE_URI,
  formatFindingsText,
  type LintReport,
  lintReport,
  ruleAnchor,
  type SarifLog,
  type SarifOptions,
  summaryLine,
  toSarif,
} from "./format-findings.js";
export {
  type Finding,
  findLintRule,
  lintContract,
  problemFindings,
  summarizeFindings,
} from "./lint-contract.js";
export {
  type InvalidContract,
  MAX_CONTRACT_LENGTH,
  type ParseContractOptions,
  type ParseContractResult,
  type ParsedContract,
  parseContract,
} from "./parse-contract.js";
export {
  findPriceCliffs,
  type PriceCliff,
  type PriceLine,
  priceUsage,
  type UsagePrice,
} from "./price-usage.js";
export {
  type ContractStanding,
  contractStanding,
  diffStoredContracts,
  getActiveContract,
  getContract,
  listContracts,
} from "./read-contracts.js";
export { explainRule, LINT_RULES_DOC_FILE, renderLintRulesDoc } from "./render-lint-rules-doc.js";
export { LINT_RULES, type LintRule, type Severity } from "./rules/index.js";
export { invalidContract, type StoreContractResult, storeContract } from "./store-contract.js";
export {
  DELIVERABLE_HANDOFF_TARGETS,
  HONOURED_FALLBACK_CHANNELS,
  type UnsupportedTerm,
  unsupportedTerms,
} from "./unsupported-terms.js";
export { validateContract } from "./validate-contract.js";
export { type ContractSource, type SourcePosition, YAML_LIMITS } from "./yaml-source.js";
