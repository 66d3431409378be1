import { activeContractParameters, getActiveContract } from "../contract/index.js";
import { isVouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import { getTenant, listTenants } from "../tenants/index.js";
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
  const contract = await contractInForce(deps, tenant.id, now, params !== undefined);
  const policy = retentionPolicy(params);
  const cutoffs = retentionCutoffs(policy, now);
  const state = await readRetentionState(deps.store, tenant.id);
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    at: iso(now),
    deployment: { region: region ?? null },
    contract,
    terms: termsView(contractTerms(params)),
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

async function contractInForce(
  deps: StoreDeps,
  tenantId: string,
  now: number,
  binding: boolean,
): Promise<GovernanceStatusView["contract"]> {
  try {
    const active = await getActiveContract(deps, tenantId, now);
    return {
      id: active.contract.id,
      version: active.contract.version,
      name: active.contract.name,
      effectiveFrom: active.activation.effectiveFrom,
      binding,
    };
  } catch (e) {
    if (isVouchError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
}

/** The residency check of one tenant, for the job's log and the CLI. */
export interface TenantResidency {
  readonly tenantId: string;
  readonly slug: string;
  readonly check: ResidencyCheck;
}

/** Every tenant's residency term against the deployment's region (one cached read per tenant). */
export async function checkTenantsResidency(
  deps: StoreDeps,
  region: Region | undefined,
): Promise<readonly TenantResidency[]> {
  const now = deps.clock.now();
  const out: TenantResidency[] = [];
  for (const t of await listTenants(deps)) {
    const params = await activeContractParameters(deps, t.id, now);
    out.push({ tenantId: t.id, slug: t.slug, check: checkResidency(params, region) });
  }
  return out;
}
