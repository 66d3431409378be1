import { activeContractParameters, contractStanding } from "../contract/index.js";
import type { StoreDeps } from "../store/index.js";
import { getTenant, listTenants } from "../tenants/index.js";
import { unhonouredTerms } from "./assert-contract-honoured.js";
import { checkResidency, type ResidencyCheck } from "./check-residency.js";
import { type ContractTerms, contractTerms } from "./contract-terms.js";
import type { Region } from "./regions.js";
import { retentionCutoffs, retentionPolicy } from "./retention-policy.js";
import { readRetentionState } from "./retention-state.js";
import type { GovernanceStatusView } from "./views.js";

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/**
 * A tenant's governance status now: the contract in force, its terms that govern data, change and billing
 * (with how each is acted on), its residency term against the deployment's region, and how far retention
 * has been applied (with the last run recorded in the ledger).
 */
export async function governanceStatus(
  deps: StoreDeps,
  tenantId: string,
  region: Region | undefined,
): Promise<GovernanceStatusView> {
  const tenant = await getTenant(deps, tenantId);
  const now = deps.clock.now();
  const params = await activeContractParameters(deps, tenant.id, now);
  const standing = await contractStanding(deps, tenant.id, now);
  const policy = retentionPolicy(params);
  const cutoffs = retentionCutoffs(policy, now);
  const state = await readRetentionState(deps.store, tenant.id);
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    at: iso(now),
    deployment: { region: region ?? null },
    contract: standing
      ? {
          id: standing.contractId,
          version: standing.version,
          name: standing.name,
          effectiveFrom: iso(standing.effectiveFrom),
          binding: standing.binding,
          notBinding: standing.notBinding,
        }
      : null,
    terms: termsView(contractTerms(params)),
    unhonoured: params ? unhonouredTerms(params, region) : [],
    residency: checkResidency(params, region),
    retention: {
      policy: { ...policy },
      cutoffs: {
        conversations: isoOrNull(cutoffs.conversations),
        personalData: isoOrNull(cutoffs.personalData),
        trainingData: isoOrNull(cutoffs.trainingData),
        idempotency: isoOrNull(cutoffs.idempotency),
      },
      appliedThrough: {
        conversations: isoOrNull(state.conversationsThrough),
        personalData: isoOrNull(state.personalThrough),
      },
      lastRunAt: isoOrNull(state.lastRunAt),
      lastRecorded: state.lastRecorded
        ? {
            at: iso(state.lastRecorded.at),
            since: iso(state.lastRecorded.since),
            counts: state.lastRecorded.counts,
          }
        : null,
      pending: state.pending ? { since: iso(state.pending.since), counts: state.pending.counts } : null,
    },
  };
}

const termsView = (t: ContractTerms): GovernanceStatusView["terms"] => ({
  ...t,
  billableEvents: [...t.billableEvents],
  enforcement: [...t.enforcement],
});

/** The residency check of one tenant, and why its contract binds nothing if it does not, for the job's log. */
interface TenantResidency {
  readonly tenantId: string;
  readonly slug: string;
  readonly check: ResidencyCheck;
  /** The contract of the activation in force, when it binds nothing now (its term ended, …). */
  readonly notBinding: { readonly contractId: string; readonly reason: string } | null;
}

/**
 * Every tenant's residency term against the deployment's region (one cached read per tenant), and whether
 * the contract of its activation in force binds.
 */
export async function checkTenantsResidency(
  deps: StoreDeps,
  region: Region | undefined,
): Promise<readonly TenantResidency[]> {
  const now = deps.clock.now();
  const out: TenantResidency[] = [];
  for (const t of await listTenants(deps)) {
    const params = await activeContractParameters(deps, t.id, now);
    const standing = params ? undefined : await contractStanding(deps, t.id, now);
    out.push({
      tenantId: t.id,
      slug: t.slug,
      check: checkResidency(params, region),
      notBinding: standing?.notBinding
        ? { contractId: standing.contractId, reason: standing.notBinding }
        : null,
    });
  }
  return out;
}
