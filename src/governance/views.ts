import Type, { type Static } from "typebox";
import { RESIDENCY_STATUSES } from "./check-residency.js";
import { ENFORCEMENT_STATES } from "./contract-terms.js";
import { RETENTION_COUNT_KEYS } from "./retention-policy.js";

/**
 * Public shapes of the governance status: one TypeBox definition each, for the TypeScript type, the API's
 * response validation and the OpenAPI document. Times are RFC 3339 strings.
 */
const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Days = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description: "Days; null: kept until termination or erasure",
});

const RetentionCountsView = Type.Object(
  Object.fromEntries(RETENTION_COUNT_KEYS.map((k) => [k, Type.Integer({ minimum: 0 })])) as Record<
    (typeof RETENTION_COUNT_KEYS)[number],
    Type.TInteger
  >,
  { description: "Records changed by retention, per kind (docs/governance.md)" },
);

const ContractTermsView = Type.Object(
  {
    source: Type.Enum(["contract", "default"], {
      description:
        "default: no contract is in force (keep everything, no residency, no notice, nothing billable)",
    }),
    retentionDays: Type.Object({
      conversations: Days,
      personalData: Days,
      attachments: Days,
      analytics: Days,
      trainingData: Days,
      backups: Days,
    }),
    auditRetentionDays: Days,
    residency: Type.Object({
      region: NullableString,
      processingInRegion: Type.Boolean(),
    }),
    learning: Type.Enum(["tenant-only", "none"]),
    noticeDays: Type.Integer({
      minimum: 0,
      description: "Notice before a significant change reaches production",
    }),
    billableEvents: Type.Array(Type.String(), { description: "Events metering records as billable" }),
    enforcement: Type.Array(
      Type.Object({
        term: Type.String(),
        state: Type.Enum([...ENFORCEMENT_STATES]),
        how: Type.String(),
      }),
      { description: "How each term is acted on in this deployment" },
    ),
  },
  { description: "The contract terms in force that govern data, change and billing" },
);

const ResidencyView = Type.Object(
  {
    status: Type.Enum([...RESIDENCY_STATUSES], {
      description:
        "agrees; mismatch (in-region processing required elsewhere); stored-elsewhere (another storage region, processing allowed anywhere); undeclared (VOUCH_REGION unset); no-term",
    }),
    deploymentRegion: NullableString,
    contractRegion: NullableString,
    processingInRegion: Type.Boolean(),
    agrees: Type.Union([Type.Boolean(), Type.Null()], { description: "null when it cannot be told" }),
    message: Type.String(),
  },
  { description: "The contract's residency term against the deployment's region" },
);

const RecordedRunView = Type.Object({
  at: Time,
  since: Time,
  counts: RetentionCountsView,
});

const RetentionStatusView = Type.Object(
  {
    policy: Type.Object({ conversations: Days, personalData: Days, trainingData: Days }),
    cutoffs: Type.Object(
      {
        conversations: NullableTime,
        personalData: NullableTime,
        trainingData: NullableTime,
        idempotency: NullableTime,
      },
      { description: "Data older than these is past its period now" },
    ),
    appliedThrough: Type.Object(
      { conversations: NullableTime, personalData: NullableTime },
      { description: "Conversations idle since before these have had their text / personal data removed" },
    ),
    lastRunAt: NullableTime,
    lastRecorded: Type.Union([RecordedRunView, Type.Null()], {
      description: "The last run that removed anything, as written to the ledger (`retention.apply`)",
    }),
    pending: Type.Union([Type.Object({ since: Time, counts: RetentionCountsView }), Type.Null()], {
      description: "Changes committed but not yet in the ledger (a run in progress, or interrupted)",
    }),
  },
  { description: "How the retention job applies the policy to this tenant" },
);

export const GovernanceStatusView = Type.Object(
  {
    tenant: Type.Object({ id: Type.String(), slug: Type.String() }),
    at: Time,
    deployment: Type.Object({
      region: Type.Union([Type.String(), Type.Null()], { description: "VOUCH_REGION; null when undeclared" }),
    }),
    contract: Type.Union(
      [
        Type.Object({
          id: Type.String(),
          version: Type.Integer(),
          name: Type.String(),
          effectiveFrom: Time,
          binding: Type.Boolean({
            description:
              "false when it binds nothing now: outside its term (term.end passed without automatic renewal, or term.start ahead), or its document no longer validates; the tenant's settings and the defaults apply",
          }),
          notBinding: Type.Union([Type.String(), Type.Null()], {
            description: "Why it binds nothing, in words; null when it binds",
          }),
        }),
        Type.Null(),
      ],
      { description: "The contract of the activation in force; null when none has taken effect" },
    ),
    terms: ContractTermsView,
    unhonoured: Type.Array(
      Type.Object({ term: Type.String(), value: Type.String(), message: Type.String() }),
      {
        description:
          "Terms of the contract in force this deployment cannot honour (a version activated before they were refused, or a deployment moved to another region); empty when it honours them all",
      },
    ),
    residency: ResidencyView,
    retention: RetentionStatusView,
  },
  { description: "The contract terms in force for data governance, and how they are applied" },
);
export type GovernanceStatusView = Static<typeof GovernanceStatusView>;
