import { type ContractParameters, SupportContractSchema } from "../contract/index.js";

/** A residency region as the contract names it (`eu`, `us`, `uk`, …). */
export type Region = NonNullable<ContractParameters["residency"]>;

/**
 * The regions a deployment may declare in VOUCH_REGION: exactly the contract schema's residency regions,
 * read from the schema so the two lists can never drift apart. Configuration (app/config.ts) is the one
 * reader of VOUCH_REGION; everything else takes the region it validated.
 */
export const DEPLOYMENT_REGIONS: readonly Region[] = Object.freeze([
  ...(SupportContractSchema.properties.data.properties.residency.properties.region.enum as readonly Region[]),
]);
