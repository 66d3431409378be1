/**
 * Data governance: the contract's data terms acted on. Retention — a job that removes conversation text,
 * personal data and training data past the periods of the contract in force, in batches, recorded in the
 * tenant's ledger — and residency — the contract's region checked against the deployment's (VOUCH_REGION),
 * reported, logged and refusable at activation. The status gathers the terms in force (retention,
 * residency, notice days, billable events) in one place for operators and for the capabilities that will
 * enforce the rest. Other capabilities import only from this file, and it exports only what they use.
 * docs/governance.md is the reference.
 */

export { applyRetention, describeCounts, type RetentionReport } from "./apply-retention.js";
export { assertContractHonoured } from "./assert-contract-honoured.js";
export { governanceStatus } from "./governance-status.js";
export { assertInRegion, outOfRegion, residencyRefused } from "./refuse-out-of-region.js";
export { DEPLOYMENT_REGIONS, type Region } from "./regions.js";
export { isTombstone, RETENTION_COUNT_KEYS } from "./retention-policy.js";
export { governanceJob } from "./start-governance-jobs.js";
export { GovernanceStatusView } from "./views.js";
