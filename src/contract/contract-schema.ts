import Type, { type Static, type TProperties } from "typebox";
import { DECIMAL_PATTERN } from "./decimal.js";

/**
 * The support contract, defined once. The TypeScript type, the runtime validator and the published JSON
 * Schema (schemas/contract.schema.json) all come from this definition.
 *
 * Design rule: structural validity is the schema's job, completeness is the linter's. Apart from
 * `apiVersion`, `kind` and `metadata.name`, every section and most fields are optional, so typical vendor
 * paper with whole sections missing still parses and the linter can say what is missing and why it matters.
 * Keys are closed everywhere (`additionalProperties: false`): a misspelt key is an error, never silently
 * ignored. Checks that JSON Schema cannot express (tier order, dates in order, per-metric ranges) live in
 * check-contract-semantics.ts.
 */

const CONTRACT_API_VERSION = "vouch/v1";
const CONTRACT_KIND = "SupportContract";

/** Metric names defined in PRODUCT.md; the SLA engine computes exactly these. */
export const METRIC_NAMES = [
  "resolution_rate",
  "first_response_accuracy",
  "escalation_latency",
  "csat",
  "availability",
  "integration_availability",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metrics about what the agent accomplishes, as opposed to whether it is up. */
export const OUTCOME_METRICS: readonly MetricName[] = [
  "resolution_rate",
  "first_response_accuracy",
  "escalation_latency",
  "csat",
];

const INTEGRATION_NAMES = ["zendesk", "intercom", "hubspot", "stripe", "linear", "slack"] as const;

export const BILLABLE_EVENTS = ["resolution", "conversation", "seat", "api_call", "message"] as const;
export type BillableEvent = (typeof BILLABLE_EVENTS)[number];

const PRICING_MODELS = ["per_unit", "graduated", "volume", "package"] as const;

const TRAINING_USES = ["tenant-only", "none", "shared"] as const;

const TRIGGER_KINDS = [
  "explicit-request",
  "low-confidence",
  "repeated-failure",
  "sensitive-topic",
  "negative-sentiment",
] as const;

export const PAYLOAD_FIELDS = [
  "transcript",
  "summary",
  "sources",
  "confidence",
  "reason",
  "customer",
  "metadata",
] as const;
export type PayloadField = (typeof PAYLOAD_FIELDS)[number];

const HANDOFF_TARGETS = ["inbox", "zendesk", "intercom", "hubspot", "slack"] as const;
export type HandoffTarget = (typeof HANDOFF_TARGETS)[number];

const FALLBACK_CHANNELS = ["inbox", "email", "slack", "queue"] as const;
export type FallbackChannel = (typeof FALLBACK_CHANNELS)[number];

const REGIONS = ["eu", "us", "uk", "ca", "au", "ch", "jp", "sg", "in", "br"] as const;
export type Region = (typeof REGIONS)[number];

const CERTIFICATIONS = [
  "soc2-type-1",
  "soc2-type-2",
  "iso-27001",
  "iso-27701",
  "iso-42001",
  "gdpr-dpa",
  "hipaa-baa",
  "pci-dss",
  "hitrust",
  "fedramp-moderate",
] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

const INDUSTRIES = [
  "software",
  "ecommerce",
  "healthcare",
  "financial-services",
  "insurance",
  "public-sector",
  "education",
  "telecommunications",
  "other",
] as const;

const REGULATIONS = ["gdpr", "uk-gdpr", "hipaa", "glba", "pci-dss", "ccpa"] as const;

const CHANGE_KINDS = [
  "model",
  "prompt",
  "resolver",
  "retrieval",
  "knowledge",
  "thresholds",
  "rules",
] as const;

const EXPORT_FORMATS = ["jsonl", "json", "csv", "parquet", "markdown"] as const;

const EXPORT_CONTENTS = [
  "conversations",
  "knowledge",
  "configuration",
  "training-data",
  "integration-settings",
  "audit-ledger",
  "metrics",
] as const;

/** `calendar-month`, `calendar-quarter` or `rolling-<N>d`. */
export const WINDOW_PATTERN = "^(calendar-month|calendar-quarter|rolling-[1-9][0-9]{0,2}d)$";
/** A sensitive-topic id: lowercase words joined by `-` or `_`, e.g. `billing-dispute`. */
export const TOPIC_PATTERN = "^[a-z][a-z0-9]*([-_][a-z0-9]+)*$";
/** ISO 4217 alphabetic code. */
export const CURRENCY_PATTERN = "^[A-Z]{3}$";

// ---------------------------------------------------------------------------------------------------------
// Building blocks

/** A closed object: unknown keys are errors. */
function section<P extends TProperties>(title: string, description: string, properties: P) {
  return Type.Object(properties, { additionalProperties: false, title, description });
}

const opt = Type.Optional;

function oneOf<const V extends string[]>(values: readonly [...V], description: string) {
  return Type.Enum(values, { description });
}

function listOf<const V extends string[]>(values: readonly [...V], description: string) {
  return Type.Array(Type.Enum(values), { uniqueItems: true, description });
}

const text = (description: string) => Type.String({ minLength: 1, description });
const date = (description: string) =>
  Type.String({ format: "date", description: `${description} (YYYY-MM-DD)` });
const days = (description: string) => Type.Integer({ minimum: 0, description: `${description} (days)` });
const count = (description: string) => Type.Integer({ minimum: 1, description });
const ratio = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const percent = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });
const money = (description: string) =>
  Type.String({
    pattern: DECIMAL_PATTERN,
    description: `${description}. A decimal string in major units, quoted ("1500.00"), so it is never rounded as a binary float`,
  });

const metric = oneOf([...METRIC_NAMES], "Metric name, as defined in PRODUCT.md");
const integrationName = oneOf([...INTEGRATION_NAMES], "Integration name");
const window = Type.String({
  pattern: WINDOW_PATTERN,
  description:
    "Measurement window: `calendar-month` (default), `calendar-quarter` or `rolling-<N>d` (N from 1 to 366 days)",
});

// ---------------------------------------------------------------------------------------------------------
// Sections

const Party = section("Party", "A party to the contract", {
  name: text("Legal or trading name"),
  contact: opt(text("Who to notify under the contract (email or role)")),
});

const Metadata = section("Metadata", "Identifies the contract and the context the linter needs", {
  name: text("Contract name, unique per tenant (e.g. acme-support-2025)"),
  tenant: opt(text("Vouch tenant id or slug the contract governs")),
  revision: opt(text("Free-form revision label shown in diffs and history (e.g. 2025-03 draft 2)")),
  description: opt(Type.String({ description: "What this contract covers" })),
  parties: opt(
    section("Parties", "Who signs", {
      customer: opt(Party),
      vendor: opt(Party),
    }),
  ),
  industry: opt(
    oneOf(
      [...INDUSTRIES],
      "The buyer's industry; healthcare makes a HIPAA business associate agreement expected",
    ),
  ),
  regulations: opt(
    listOf(
      [...REGULATIONS],
      "Regulations the buyer's support data falls under; the linter expects the matching agreement (gdpr → gdpr-dpa, hipaa → hipaa-baa, pci-dss → pci-dss)",
    ),
  ),
});

const Term = section("Term", "When the contract runs and how it renews", {
  start: date("First day of the contract"),
  end: opt(date("Last day of the contract; omit for an evergreen contract")),
  renewal: opt(
    section("Renewal", "What happens at the end of the term", {
      kind: oneOf(["auto", "manual", "none"], "Automatic renewal, renewal by signature, or none"),
      periodMonths: opt(count("Length of each renewal period in months")),
      noticeDays: opt(days("Notice required to stop an automatic renewal")),
    }),
  ),
});

const SuccessCriterion = section("SuccessCriterion", "A measurable pilot success criterion", {
  metric,
  threshold: Type.Number({
    description:
      "Value to reach: a minimum for rates (0–1) and csat (1–5), a maximum in seconds for escalation_latency",
  }),
  minimumSample: opt(
    count("Conversations (or reviewed answers, or responses) needed for the result to count"),
  ),
  integration: opt(integrationName),
});

const Pilot = section("Pilot", "A structured pilot before the full commitment", {
  start: date("First day of the pilot"),
  end: date("Last day of the pilot"),
  successCriteria: opt(Type.Array(SuccessCriterion, { description: "What the pilot must show" })),
  onPass: opt(oneOf(["convert", "renegotiate"], "What happens when every criterion is met")),
  onFail: opt(
    oneOf(
      ["exit-without-penalty", "renegotiate", "extend", "convert"],
      "What happens when a criterion is missed; `exit-without-penalty` is the buyer's protection",
    ),
  ),
});

const Measurement = section("Measurement", "How the metric is measured and who measures it", {
  source: opt(
    oneOf(
      ["vouch", "vendor", "customer", "independent"],
      "Who computes the number: `vouch` (from the verifiable ledger), the vendor's own report, the customer or an independent party",
    ),
  ),
  minimumSample: opt(count("Eligible conversations below which the period is not assessed")),
  qaSampleSize: opt(count("first_response_accuracy: first answers reviewed per period, drawn at random")),
  reviewer: opt(
    oneOf(["customer", "vendor", "joint", "independent"], "first_response_accuracy: who judges answers"),
  ),
  minimumResponses: opt(count("csat: ratings below which the period is not assessed")),
  definition: opt(text("Anything else about the measurement, in words")),
});

const Objective = section("Objective", "A service-level objective over one metric", {
  metric,
  floor: opt(
    Type.Number({
      minimum: 0,
      description: "Lowest acceptable value: 0–1 for rates, 1–5 for csat. Not for escalation_latency",
    }),
  ),
  max: opt(
    Type.Number({
      exclusiveMinimum: 0,
      description: "escalation_latency: highest acceptable value, seconds",
    }),
  ),
  percentile: opt(
    oneOf(["p50", "p90", "p95", "p99"], "escalation_latency: percentile compared with `max` (p95)"),
  ),
  integration: opt(integrationName),
  window: opt(window),
  measurement: opt(Measurement),
});

const CreditTier = section("CreditTier", "Service credit owed when an objective is missed by this much", {
  metric,
  integration: opt(integrationName),
  below: opt(Type.Number({ description: "Applies when the metric is below this value (floor metrics)" })),
  above: opt(Type.Number({ description: "Applies when escalation_latency is above this many seconds" })),
  percent: percent("Credit as a percent of the period's fees"),
});

const Credits = section("Credits", "Service credits for missed objectives", {
  cap: opt(percent("Most credit owed in one period, percent of the period's fees")),
  tiers: opt(
    Type.Array(CreditTier, {
      description:
        "Credit tiers. Without `below`/`above` a tier applies when its objective is missed; the most severe matching tier applies",
    }),
  ),
});

const Termination = section("Termination", "The right to terminate for sustained underperformance", {
  consecutiveBreaches: opt(
    count("Terminate after this many consecutive periods with a missed objective (N)"),
  ),
  breaches: opt(count("Terminate after this many missed periods (M) within the last `ofLastPeriods` (K)")),
  ofLastPeriods: opt(count("The K of 'M of the last K periods'")),
  metrics: opt(listOf([...METRIC_NAMES], "Objectives that count; all objectives when omitted")),
  penalty: opt(oneOf(["none", "early-termination-fee"], "Whether the buyer pays to leave")),
  refundPrepaidFees: opt(Type.Boolean({ description: "Prepaid fees for the remaining term are refunded" })),
});

const Sla = section("Sla", "Outcome service levels, their remedies and the definitions they rely on", {
  resolution: opt(
    section("ResolutionDefinition", "When a conversation counts as resolved (PRODUCT.md)", {
      // Upper bounds are what the runtime can apply (tenant settings allow up to 30 days and a year).
      inactivityHours: opt(
        Type.Number({
          exclusiveMinimum: 0,
          maximum: 720,
          description:
            "Hours of customer silence after an AI answer before resolution is assumed (default 24, at most 720)",
        }),
      ),
      durabilityDays: opt(
        Type.Integer({
          minimum: 1,
          maximum: 365,
          description:
            "A resolution is durable when not reopened within this window (days; default 7, from 1 to 365)",
        }),
      ),
    }),
  ),
  objectives: opt(Type.Array(Objective, { description: "The promised service levels" })),
  credits: opt(Credits),
  termination: opt(Termination),
});

const Trigger = section("Trigger", "A condition on which the agent hands the conversation to a human", {
  kind: oneOf([...TRIGGER_KINDS], "Trigger kind"),
  threshold: opt(
    Type.Number({
      description:
        "low-confidence: escalate below this confidence (0–1); negative-sentiment: escalate below this sentiment (-1–0)",
    }),
  ),
  attempts: opt(
    Type.Integer({
      minimum: 1,
      maximum: 10,
      description: "repeated-failure: failed answers in a row before escalating (1 to 10)",
    }),
  ),
  topics: opt(
    Type.Array(
      Type.String({
        minLength: 2,
        maxLength: 41,
        pattern: TOPIC_PATTERN,
        description:
          "A topic id: lowercase words joined by - or _ (billing-dispute); matched to the tenant's sensitive topic of the same name",
      }),
      {
        minItems: 1,
        uniqueItems: true,
        description: "sensitive-topic: topics that always go to a human",
      },
    ),
  ),
});

const Escalation = section("Escalation", "When and how the agent hands over to a human", {
  triggers: opt(
    Type.Array(Trigger, { description: "Escalation triggers; the customer can always ask for a human" }),
  ),
  handoff: opt(
    section("Handoff", "Where the handoff goes and what it carries", {
      target: opt(oneOf([...HANDOFF_TARGETS], "Where handoffs are delivered (default inbox)")),
      payload: opt(listOf([...PAYLOAD_FIELDS], "What the human receives with the handoff")),
      maxDelaySeconds: opt(
        Type.Number({ exclusiveMinimum: 0, description: "Handoff delivered within this many seconds" }),
      ),
      fallback: opt(
        section("Fallback", "What happens when the handoff target is unreachable", {
          channel: oneOf([...FALLBACK_CHANNELS], "Where handoffs go instead"),
          maxDelayMinutes: opt(
            Type.Number({
              exclusiveMinimum: 0,
              description: "Delivered through the fallback within this many minutes",
            }),
          ),
        }),
      ),
    }),
  ),
});

const EvaluationDeltas = section(
  "EvaluationDeltas",
  "Golden-set evaluation deltas beyond which any change is significant, whatever its kind",
  {
    resolution_rate: opt(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Absolute change (0–1)" }),
    ),
    first_response_accuracy: opt(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Absolute change (0–1)" }),
    ),
    escalation_latency: opt(Type.Number({ exclusiveMinimum: 0, description: "Change in seconds" })),
    csat: opt(Type.Number({ exclusiveMinimum: 0, maximum: 4, description: "Change on the 1–5 scale" })),
    availability: opt(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Absolute change (0–1)" })),
    integration_availability: opt(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "Absolute change (0–1)" }),
    ),
  },
);

const ChangeManagement = section(
  "ChangeManagement",
  "How changes to the agent are classified, announced, tested and undone",
  {
    significantChange: opt(
      section("SignificantChange", "What counts as a significant change", {
        definedBy: opt(
          oneOf(
            ["contract", "vendor"],
            "`contract`: this section decides; `vendor`: left to vendor discretion",
          ),
        ),
        kinds: opt(listOf([...CHANGE_KINDS], "Kinds of change that are always significant")),
        evaluationDeltas: opt(EvaluationDeltas),
      }),
    ),
    noticeDays: opt(days("Advance notice before a significant change reaches production")),
    parallelTesting: opt(
      section("ParallelTesting", "Testing a new version side by side before it replaces the current one", {
        goldenSet: opt(Type.Boolean({ description: "The new version is evaluated on the golden set" })),
        shadowTrafficShare: opt(
          ratio("Share of live traffic replayed to the new version without customer exposure"),
        ),
        minimumDays: opt(days("Shortest parallel run")),
        minimumSample: opt(count("Fewest conversations in the parallel run")),
      }),
    ),
    rollback: opt(
      section("Rollback", "The right to return to the previous version", {
        onRequest: opt(Type.Boolean({ description: "The customer may require a rollback" })),
        maxHours: opt(
          Type.Number({ exclusiveMinimum: 0, description: "Longest time from request to rolled back" }),
        ),
        automaticOnBreach: opt(
          Type.Boolean({ description: "Roll back automatically when an objective is missed" }),
        ),
      }),
    ),
    customerApproval: opt(
      oneOf(["none", "significant", "all"], "Which changes need the customer's approval before production"),
    ),
  },
);

const Data = section("Data", "Ownership, use, location, retention, protection and portability of the data", {
  ownership: opt(oneOf(["customer", "vendor", "joint"], "Who owns interaction data and derived data")),
  trainingUse: opt(
    oneOf(
      [...TRAINING_USES],
      "`tenant-only`: used only for this customer's agent; `none`: never used for training; `shared`: may train models other customers use",
    ),
  ),
  residency: opt(
    section("Residency", "Where data is stored and processed", {
      region: oneOf([...REGIONS], "Region where data is stored"),
      processing: opt(
        oneOf(["in-region", "anywhere"], "Whether processing (including model calls) stays in the region"),
      ),
    }),
  ),
  retentionDays: opt(
    section("RetentionDays", "How long each class of data is kept (days)", {
      conversations: opt(days("Conversations and transcripts")),
      personalData: opt(days("End-customer personal data")),
      attachments: opt(days("Files customers send")),
      analytics: opt(days("Aggregated metrics")),
      trainingData: opt(days("Examples derived for the tenant's own learning")),
      backups: opt(days("Backups holding any of the above")),
    }),
  ),
  encryption: opt(
    section("Encryption", "Encryption of data at rest and in transit", {
      atRest: opt(oneOf(["aes-256", "aes-128", "none"], "Encryption at rest")),
      inTransit: opt(oneOf(["tls-1.3", "tls-1.2", "none"], "Minimum TLS version in transit")),
      keys: opt(oneOf(["vendor-managed", "per-tenant", "customer-managed"], "Who holds the keys")),
    }),
  ),
  certifications: opt(listOf([...CERTIFICATIONS], "Certifications and agreements the vendor maintains")),
  export: opt(
    section("Export", "Data portability", {
      formats: opt(listOf([...EXPORT_FORMATS], "Open formats the export is delivered in")),
      deliveryDays: opt(days("Longest time from request (or termination) to a complete export")),
      includes: opt(listOf([...EXPORT_CONTENTS], "What the export contains")),
    }),
  ),
  deletionOnTermination: opt(
    section("Deletion", "Deletion after termination", {
      days: days("Everything deleted within"),
      certified: opt(Type.Boolean({ description: "The vendor certifies the deletion in writing" })),
    }),
  ),
});

const Integration = section("Integration", "An integration and its terms", {
  name: integrationName,
  scope: opt(
    oneOf(
      ["included", "separately-priced", "roadmap"],
      "In the contract price, priced separately, or not yet available",
    ),
  ),
  reliability: opt(
    section("Reliability", "Reliability objective of the integration, separate from platform uptime", {
      availability: opt(ratio("Floor of successful / attempted calls")),
      p95LatencyMs: opt(
        Type.Integer({ minimum: 1, description: "Highest acceptable p95 call latency, milliseconds" }),
      ),
      window: opt(window),
    }),
  ),
  price: opt(money("Recurring price per pricing period when separately priced")),
  availableBy: opt(date("Roadmap integrations: date promised")),
});

const Audit = section("Audit", "Audit rights and decision transparency", {
  decisionLogs: opt(
    Type.Boolean({ description: "A log of every AI decision is kept and available to the customer" }),
  ),
  records: opt(
    listOf(
      [
        "decisions",
        "conversations",
        "escalation-triggers",
        "admin-actions",
        "billable-events",
        "version-changes",
      ],
      "What the logs contain",
    ),
  ),
  retentionDays: opt(days("How long audit records are kept")),
  requestFulfilmentDays: opt(days("Longest time to fulfil an audit request")),
  verifiableLedger: opt(
    Type.Boolean({
      description: "Records are in a tamper-evident ledger the customer can verify independently",
    }),
  ),
});

const Liability = section("Liability", "Who answers for what the agent says", {
  vendorControlledContent: opt(
    oneOf(
      ["vendor", "shared", "customer"],
      "Who is accountable when the agent gives incorrect information based on content the vendor controls (models, prompts, vendor-supplied knowledge)",
    ),
  ),
  aiOutputExcluded: opt(Type.Boolean({ description: "The vendor excludes all liability for AI output" })),
  cap: opt(
    section("LiabilityCap", "Limit of the vendor's liability", {
      feesMonths: opt(count("Cap equal to this many months of fees")),
      amount: opt(money("Cap as a fixed amount")),
    }),
  ),
});

const Tier = section(
  "Tier",
  "A price tier (Stripe semantics: `upTo` inclusive, each tier starts one above the previous)",
  {
    upTo: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: "Last unit of this tier, inclusive; null for the last, unbounded tier",
    }),
    unitAmount: opt(money("Price per unit in this tier (default 0)")),
    flatAmount: opt(money("Fixed amount added when usage reaches this tier (default 0)")),
  },
);

const Charge = section("Charge", "A usage charge", {
  name: opt(text("Name shown on the invoice (e.g. resolutions)")),
  billableEvent: opt(oneOf([...BILLABLE_EVENTS], "The event that is counted and charged")),
  model: oneOf(
    [...PRICING_MODELS],
    "`per_unit`: units × unitAmount; `graduated`: each unit at its tier's price; `volume`: all units at the tier the total reaches; `package`: per started (or completed) package",
  ),
  unitAmount: opt(money("per_unit: price per unit; package: price per package")),
  tiers: opt(Type.Array(Tier, { minItems: 1, description: "graduated and volume: the tiers, in order" })),
  freeUnits: opt(
    Type.Integer({ minimum: 0, description: "Units per period not charged, deducted before pricing" }),
  ),
  packageSize: opt(count("package: units per package")),
  rounding: opt(
    oneOf(["up", "down"], "package: charge started packages (up, default) or only completed ones (down)"),
  ),
});

const Cost = section("Cost", "An implementation cost", {
  item: text("What it is (knowledge-base ingestion, API connection, model tuning...)"),
  amount: money("Amount"),
});

const Pricing = section("Pricing", "What is charged, for what, and the limits", {
  currency: Type.String({ pattern: CURRENCY_PATTERN, description: "ISO 4217 currency code (USD, EUR...)" }),
  period: opt(oneOf(["month", "quarter", "year"], "Billing period (default month)")),
  platformFee: opt(money("Fixed fee per period")),
  charges: opt(Type.Array(Charge, { description: "Usage charges" })),
  overageCap: opt(money("Most the usage charges can add in one period")),
  minimumCommitment: opt(money("Least the buyer pays per period whatever the usage")),
  implementation: opt(
    section("Implementation", "Implementation costs, split into one-time and recurring", {
      estimate: opt(money("Total implementation estimate as quoted")),
      oneTime: opt(Type.Array(Cost, { description: "One-time costs; [] when there are none" })),
      recurring: opt(Type.Array(Cost, { description: "Recurring costs per period; [] when there are none" })),
    }),
  ),
});

const Roadmap = section("Roadmap", "Future commitments and how improvement is reported", {
  commitments: opt(
    Type.Array(
      section("Commitment", "A dated roadmap commitment", {
        item: text("What is promised"),
        due: date("Promised by"),
        kind: opt(
          oneOf(
            ["integration", "capability", "certification", "learning", "transparency"],
            "Kind of commitment",
          ),
        ),
      }),
      { description: "Dated commitments" },
    ),
  ),
  improvementReporting: opt(
    section("ImprovementReporting", "How the agent's improvement is measured and reported", {
      cadence: oneOf(["monthly", "quarterly"], "How often"),
      metrics: opt(listOf([...METRIC_NAMES], "Metrics reported against the baseline")),
      method: opt(text("How improvement is measured")),
    }),
  ),
});

/** The whole contract document. */
export const SupportContractSchema = Type.Object(
  {
    apiVersion: Type.Literal(CONTRACT_API_VERSION, { description: "Format version; always vouch/v1" }),
    kind: Type.Literal(CONTRACT_KIND, { description: "Always SupportContract" }),
    metadata: Metadata,
    term: opt(Term),
    pilot: opt(Pilot),
    sla: opt(Sla),
    escalation: opt(Escalation),
    changeManagement: opt(ChangeManagement),
    data: opt(Data),
    integrations: opt(
      Type.Array(Integration, { description: "Integrations in scope and their reliability" }),
    ),
    audit: opt(Audit),
    liability: opt(Liability),
    pricing: opt(Pricing),
    roadmap: opt(Roadmap),
  },
  {
    additionalProperties: false,
    title: "Vouch support contract",
    description:
      "The enterprise contract for an AI customer-support agent, as code: outcome SLAs, escalation, change management, data governance, integrations, audit, liability and pricing. See docs/contract.md.",
  },
);

/** Makes a parsed document immutable in the type system, matching the runtime freeze. */
type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A contract that passed validation: the schema and every semantic check. Deeply frozen. */
export type SupportContract = DeepReadonly<Static<typeof SupportContractSchema>>;

type Section<K extends keyof SupportContract> = NonNullable<SupportContract[K]>;

type ContractSla = Section<"sla">;
export type SlaObjective = NonNullable<ContractSla["objectives"]>[number];
export type CreditTier = NonNullable<NonNullable<ContractSla["credits"]>["tiers"]>[number];
type ContractPricing = Section<"pricing">;
export type PricingCharge = NonNullable<ContractPricing["charges"]>[number];
export type PriceTier = NonNullable<PricingCharge["tiers"]>[number];
