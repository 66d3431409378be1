import type { ContractParameters } from "../contract/index.js";
import { VouchError } from "../shared/errors.js";
import type { Region } from "./regions.js";

/**
 * How a tenant's residency term relates to where this deployment processes data (VOUCH_REGION):
 * - `agrees`: the contract names the deployment's region;
 * - `mismatch`: the contract requires in-region processing in another region — this deployment must not
 *   process the tenant's data, and activating such a contract is refused (RESIDENCY_MISMATCH);
 * - `stored-elsewhere`: the contract names another region but lets processing happen anywhere, so the
 *   deployment may process the data; that it is *stored* in the contract's region is the operator's to
 *   show (the database's location is not something Vouch can see);
 * - `undeclared`: the contract names a region but the deployment declares none, so nothing can be checked;
 * - `no-term`: no contract is in force, or it states no residency.
 */
export const RESIDENCY_STATUSES = [
  "agrees",
  "mismatch",
  "stored-elsewhere",
  "undeclared",
  "no-term",
] as const;
type ResidencyStatus = (typeof RESIDENCY_STATUSES)[number];

export interface ResidencyCheck {
  readonly status: ResidencyStatus;
  /** VOUCH_REGION; null when the deployment declares none. */
  readonly deploymentRegion: Region | null;
  /** `data.residency.region` of the contract in force; null when it states none. */
  readonly contractRegion: Region | null;
  /** Whether the contract requires processing (model calls included) to stay in its region. */
  readonly processingInRegion: boolean;
  /** True or false when the deployment can tell, null when it cannot (`undeclared`, `no-term`). */
  readonly agrees: boolean | null;
  readonly message: string;
}

/** The residency part of the runtime parameters: all the check reads. */
type ResidencyTerm = Pick<ContractParameters, "residency" | "processingInRegion">;

/**
 * Compare a contract's residency term with the deployment's region. Pure; `params` undefined means no
 * contract is in force.
 */
export function checkResidency(
  params: ResidencyTerm | undefined,
  region: Region | undefined,
): ResidencyCheck {
  const deploymentRegion = region ?? null;
  const contractRegion = params?.residency ?? null;
  const processingInRegion = params?.processingInRegion ?? false;
  const base = { deploymentRegion, contractRegion, processingInRegion };
  if (contractRegion === null) {
    return {
      ...base,
      status: "no-term",
      agrees: null,
      message: params ? "the contract states no residency region" : "no contract is in force",
    };
  }
  const where = processingInRegion ? "stored and processed in" : "stored in";
  if (deploymentRegion === null) {
    return {
      ...base,
      status: "undeclared",
      agrees: null,
      message: `the contract requires data ${where} ${contractRegion}; this deployment declares no region (set VOUCH_REGION), so it cannot be checked`,
    };
  }
  if (deploymentRegion === contractRegion) {
    return {
      ...base,
      status: "agrees",
      agrees: true,
      message: `the contract requires data ${where} ${contractRegion}; this deployment processes data in ${deploymentRegion}`,
    };
  }
  if (processingInRegion) {
    return {
      ...base,
      status: "mismatch",
      agrees: false,
      message: `the contract requires data ${where} ${contractRegion}, but this deployment processes data in ${deploymentRegion}`,
    };
  }
  return {
    ...base,
    status: "stored-elsewhere",
    agrees: true,
    message: `the contract requires data stored in ${contractRegion} and allows processing anywhere; this deployment processes data in ${deploymentRegion}, so the operator must keep its store in ${contractRegion}`,
  };
}

/**
 * Refuse a contract this deployment cannot honour: throws RESIDENCY_MISMATCH when the contract requires
 * in-region processing in a region other than the deployment's. For the activation path, before anything
 * is written; every other status passes.
 */
export function assertResidency(params: ResidencyTerm | undefined, region: Region | undefined): void {
  const check = checkResidency(params, region);
  if (check.status !== "mismatch") return;
  throw new VouchError("RESIDENCY_MISMATCH", `${check.message}; activate it on a deployment in that region`, {
    deploymentRegion: check.deploymentRegion,
    contractRegion: check.contractRegion,
    processingInRegion: check.processingInRegion,
  });
}
