import Type, { type Static } from "typebox";
import { ACTIVATION_STATES, CONTRACT_STATUSES } from "./contract-timeline.js";

/**
 * Public shapes of stored contracts, activations, findings and diffs: one TypeBox definition each, used for
 * the TypeScript type, the API's response validation and the OpenAPI document. Times are RFC 3339 strings.
 */
const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const ProblemView = Type.Object(
  {
    code: Type.String({ description: "Stable problem code (docs/contract.md, Validation)" }),
    message: Type.String(),
    path: Type.String({ description: "YAML path, e.g. sla.objectives[0].floor; empty for the document" }),
    line: Type.Integer({ description: "1-based line" }),
    column: Type.Integer({ description: "1-based column" }),
  },
  { description: "Why a document is not a valid contract, and where" },
);

export const FindingView = Type.Object(
  {
    ruleId: Type.String({ description: "Lint rule id, e.g. VCH302 (docs/lint-rules.md)" }),
    ruleName: Type.String(),
    severity: Type.Enum(["error", "warning", "info"]),
    message: Type.String({ description: "The risk in the buyer's terms" }),
    path: Type.String(),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
    code: Type.Optional(Type.String({ description: "VCH000 only: the validation problem code" })),
  },
  { description: "A place where the contract falls short of the procurement checklist" },
);

export const LintSummaryView = Type.Object(
  { error: Type.Integer(), warning: Type.Integer(), info: Type.Integer() },
  { description: "Lint findings per severity" },
);
export type LintSummaryView = Static<typeof LintSummaryView>;

export const ActivationView = Type.Object(
  {
    seq: Type.Integer({ description: "Activations of this tenant are numbered 1, 2, … in the order made" }),
    contractId: Type.String(),
    version: Type.Integer(),
    effectiveFrom: Time,
    activatedBy: Type.String(),
    activatedAt: Time,
    state: Type.Enum([...ACTIVATION_STATES], {
      description:
        "pending: its date is ahead; in-force; ended: a later activation took over; cancelled: a later activation took effect first, so this one never will",
    }),
    activeUntil: Type.Union([Time, Type.Null()], {
      description: "When the next activation takes over; null while none is recorded",
    }),
  },
  { description: "A recorded activation: who made which version binding from when" },
);
export type ActivationView = Static<typeof ActivationView>;

export const ContractSummaryView = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer({ description: "1, 2, … per tenant in upload order" }),
    name: Type.String({ description: "metadata.name" }),
    revision: Type.Union([Type.String(), Type.Null()], { description: "metadata.revision" }),
    sha256: Type.String({ description: "SHA-256 (hex) of the document's UTF-8 bytes exactly as uploaded" }),
    status: Type.Enum([...CONTRACT_STATUSES], {
      description:
        "draft: never activated; scheduled: activated from a future date; active: in force now; superseded: replaced by a later activation",
    }),
    lint: LintSummaryView,
    uploadedBy: Type.String(),
    uploadedAt: Time,
    effectiveFrom: Type.Union([Time, Type.Null()], {
      description: "Effective date of this version's latest activation",
    }),
    activatedBy: Type.Union([Type.String(), Type.Null()]),
    activatedAt: NullableTime,
  },
  { description: "One stored version of the tenant's contract" },
);
export type ContractSummaryView = Static<typeof ContractSummaryView>;

export const ContractDetailView = Type.Object(
  {
    contract: ContractSummaryView,
    document: Type.String({ description: "The document exactly as uploaded" }),
    valid: Type.Boolean({
      description: "Whether the document validates under this server's rules (always true when stored)",
    }),
    problems: Type.Array(ProblemView),
    findings: Type.Array(FindingView, { description: "Lint findings under this server's rules" }),
    activations: Type.Array(ActivationView, { description: "This version's activations, latest first" }),
  },
  { description: "A stored contract with its document, findings and activations" },
);
export type ContractDetailView = Static<typeof ContractDetailView>;

export const ContractHistoryView = Type.Object(
  {
    items: Type.Array(ContractSummaryView, { description: "Every stored version, newest first" }),
    activations: Type.Array(ActivationView, { description: "Every activation, latest first" }),
  },
  { description: "The tenant's contract history" },
);
export type ContractHistoryView = Static<typeof ContractHistoryView>;

export const ValidationView = Type.Object(
  {
    valid: Type.Boolean(),
    name: Type.Union([Type.String(), Type.Null()], { description: "metadata.name when valid" }),
    sha256: Type.String(),
    problems: Type.Array(ProblemView, { description: "Empty when valid" }),
    summary: LintSummaryView,
    findings: Type.Array(FindingView, {
      description: "Lint findings; for an invalid document, its problems as VCH000 errors",
    }),
  },
  { description: "A document checked without storing it" },
);
export type ValidationView = Static<typeof ValidationView>;

const ChangeView = Type.Object({
  kind: Type.Enum(["added", "removed", "changed"]),
  section: Type.String(),
  path: Type.String(),
  old: Type.Optional(Type.Unknown()),
  new: Type.Optional(Type.Unknown()),
  summary: Type.String(),
  direction: Type.Enum(["better", "worse", "neutral", "incomparable"], {
    description:
      "For the buyer; incomparable: the values cannot be compared (amounts in different currencies)",
  }),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
});

const VersionRef = Type.Object({ id: Type.String(), version: Type.Integer(), name: Type.String() });

export const ContractDiffView = Type.Object(
  {
    old: VersionRef,
    new: VersionRef,
    changes: Type.Array(ChangeView),
    sections: Type.Array(Type.Object({ section: Type.String(), changes: Type.Array(ChangeView) })),
    findingsAdded: Type.Array(FindingView),
    findingsRemoved: Type.Array(FindingView),
  },
  { description: "Semantic changes between two stored versions and the findings each adds or resolves" },
);
export type ContractDiffView = Static<typeof ContractDiffView>;

const UnsupportedTermView = Type.Object(
  {
    term: Type.String({ description: "YAML path of the term" }),
    value: Type.String(),
    message: Type.String(),
  },
  { description: "A contract term the running system cannot honour" },
);

export const ActiveContractView = Type.Object(
  {
    at: Time,
    activation: ActivationView,
    ...ContractDetailView.properties,
    binding: Type.Boolean({
      description:
        "Whether the running system applies this contract at `at`: false outside its term (before term.start, or after term.end without automatic renewal) or when its document no longer validates",
    }),
    notBinding: Type.Union([Type.String(), Type.Null()], {
      description: "Why it binds nothing at `at`, in words; null when it binds",
    }),
    unsupported: Type.Array(UnsupportedTermView, {
      description:
        "Terms this version of Vouch cannot honour (activation refuses them; a version activated earlier may still state them): what it does instead is in each message",
    }),
    parameters: Type.Unknown({
      description:
        "The runtime parameters the running system reads from this contract (docs/contract.md, Runtime parameters); null when the document no longer validates",
    }),
  },
  { description: "The contract in force at a time, with the parameters the runtime reads from it" },
);
export type ActiveContractView = Static<typeof ActiveContractView>;
