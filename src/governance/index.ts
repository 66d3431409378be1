/**
 * Data governance: the contract's data terms acted on. Retention — a job that removes conversation text,
 * personal data and training data past the periods of the contract in force, in batches, recorded in the
 * tenant's ledger — and residency — the contract's region checked against the deployment's (VOUCH_REGION),
 * reported, logged and refusable at activation. The status gathers the terms in force (retention,
 * residency, notice days, billable events) in one place for operators and for the capabilities that will
 * enforce the rest. Other capabilities import only from this file. docs/governance.md is the reference.
 */

export {
  type ApplyRetentionOptions,
  applyRetention,
  describeCounts,
  RETENTION_ACTION,
  type RetentionReport,
  type TenantRetentionResult,
} from "./apply-retention.js";
export {
  assertContractHonoured,
  type HonouredTerms,
  unhonouredTerms,
} from "./assert-contract-honoured.js";
export {
  assertResidency,
  checkResidency,
  RESIDENCY_STATUSES,
  type ResidencyCheck,
  type ResidencyStatus,
  type ResidencyTerm,
} from "./check-residency.js";
export {
  type ContractTerms,
  contractTerms,
  ENFORCEMENT_STATES,
  type EnforcementState,
  type TermEnforcement,
} from "./contract-terms.js";
export { checkTenantsResidency, governanceStatus, type TenantResidency } from "./governance-status.js";
export { type HandoffText, type RedactionScope, redactHandoff } from "./redact-handoff.js";
export { assertInRegion, outOfRegion, residencyRefused } from "./refuse-out-of-region.js";
export { DEPLOYMENT_REGIONS, type Region } from "./regions.js";
export {
  countTotal,
  IDEMPOTENCY_REPLAY_MS,
  isTombstone,
  NO_RETENTION,
  RETENTION_COUNT_KEYS,
  type RetentionCounts,
  type RetentionCutoffs,
  type RetentionPolicy,
  retentionCutoffs,
  retentionPolicy,
  TOMBSTONE_PREFIX,
  tombstone,
  ZERO_COUNTS,
} from "./retention-policy.js";
export { type RecordedRun, type RetentionState, readRetentionState } from "./retention-state.js";
export {
  type GovernanceJobOptions,
  type GovernanceLog,
  governanceJob,
} from "./start-governance-jobs.js";
export {
  ContractTermsView,
  GovernanceStatusView,
  ResidencyView,
  RetentionCountsView,
  RetentionStatusView,
} from "./views.js";
