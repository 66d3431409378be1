import { activeContractParameters } from "../contract/index.js";
import { VouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import { checkResidency, type ResidencyCheck } from "./check-residency.js";
import type { Region } from "./regions.js";

/**
 * The residency check of a tenant when this deployment must not process its data — its contract in force
 * requires in-region processing in another region than VOUCH_REGION — or undefined when it may. Costs one
 * cached lookup (activeContractParameters), so it can run on every request; nothing when the deployment
 * declares no region (then nothing can be checked).
 */
export async function outOfRegion(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  region: Region | undefined,
  now: number,
): Promise<ResidencyCheck | undefined> {
  if (region === undefined) return undefined;
  const check = checkResidency(await activeContractParameters(deps, tenantId, now), region);
  return check.status === "mismatch" ? check : undefined;
}

/** Throws RESIDENCY_REFUSED when this deployment must not process the tenant's data (outOfRegion). */
export async function assertInRegion(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  region: Region | undefined,
  now: number,
): Promise<void> {
  const check = await outOfRegion(deps, tenantId, region, now);
  if (check) throw residencyRefused(check);
}

/** The error for a request or job refused because `check` is a mismatch (RESIDENCY_REFUSED, 451). */
export function residencyRefused(check: ResidencyCheck): VouchError {
  return new VouchError(
    "RESIDENCY_REFUSED",
    `${check.message}: this deployment refuses to process the tenant's data; serve it from a deployment in ${check.contractRegion}, or activate a contract that allows this region`,
    { deploymentRegion: check.deploymentRegion, contractRegion: check.contractRegion },
  );
}
