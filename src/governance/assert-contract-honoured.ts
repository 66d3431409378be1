import { type ContractParameters, type UnsupportedTerm, unsupportedTerms } from "../contract/index.js";
import { VouchError } from "../shared/errors.js";
import { assertResidency, checkResidency } from "./check-residency.js";
import type { Region } from "./regions.js";

/** What the deployment's policy reads of a contract. */
type HonouredTerms = Pick<ContractParameters, "escalation" | "residency" | "processingInRegion">;

/**
 * Every term of `params` this deployment cannot honour: its residency, when it requires in-region
 * processing elsewhere than VOUCH_REGION, and the terms this version of Vouch cannot honour anywhere
 * (unsupportedTerms). Pure.
 */
export function unhonouredTerms(params: HonouredTerms, region: Region | undefined): UnsupportedTerm[] {
  const residency = checkResidency(params, region);
  return [
    ...(residency.status === "mismatch"
      ? [{ term: "data.residency", value: `${params.residency}, in-region`, message: residency.message }]
      : []),
    ...unsupportedTerms(params),
  ];
}

/**
 * The deployment's policy at activation (installed as `acceptContract` by the composition root): refuse a
 * contract this deployment cannot honour, never accept it and ignore the term. RESIDENCY_MISMATCH for the
 * residency term; CONTRACT_TERM_UNSUPPORTED, listing every term, for the others.
 */
export function assertContractHonoured(params: HonouredTerms, region: Region | undefined): void {
  assertResidency(params, region);
  const terms = unsupportedTerms(params);
  if (terms.length === 0) return;
  throw new VouchError(
    "CONTRACT_TERM_UNSUPPORTED",
    `this deployment cannot honour ${terms.map((t) => `${t.term}: ${t.value} (${t.message})`).join("; ")}`,
    { terms },
  );
}
