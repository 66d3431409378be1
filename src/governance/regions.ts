import { type ContractParameters, SupportContractSchema } from "../contract/index.js";
import { VouchError } from "../shared/errors.js";

/** A residency region as the contract names it (`eu`, `us`, `uk`, …). */
export type Region = NonNullable<ContractParameters["residency"]>;

/**
 * The regions a deployment may declare in VOUCH_REGION: exactly the contract schema's residency regions,
 * read from the schema so the two lists can never drift apart.
 */
export const DEPLOYMENT_REGIONS: readonly Region[] = Object.freeze([
  ...(SupportContractSchema.properties.data.properties.residency.properties.region.enum as readonly Region[]),
]);

export const isRegion = (value: string): value is Region =>
  (DEPLOYMENT_REGIONS as readonly string[]).includes(value);

/**
 * VOUCH_REGION as configuration reads it: undefined when unset or empty, CONFIG_INVALID when it names no
 * region. For code that has no Config at hand; the composition root validates the same variable at start.
 */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): Region | undefined {
  const v = env.VOUCH_REGION;
  if (v === undefined || v === "") return undefined;
  if (isRegion(v)) return v;
  throw new VouchError(
    "CONFIG_INVALID",
    `invalid configuration: VOUCH_REGION: must be one of ${DEPLOYMENT_REGIONS.join(", ")}`,
  );
}
