import {
  type BillableEvent,
  type ContractParameters,
  DEFAULT_CONTRACT_PARAMETERS,
  DELIVERABLE_HANDOFF_TARGETS,
  HONOURED_FALLBACK_CHANNELS,
} from "../contract/index.js";
import type { Region } from "./regions.js";

/**
 * How a term is acted on in this deployment:
 * - `enforced`: the running system applies it (the retention job);
 * - `checked`: compared with the deployment and refused or reported when it cannot be honoured (residency);
 * - `kept`: honoured by never deleting (the ledger is append-only);
 * - `not-applicable`: Vouch stores nothing the term governs;
 * - `operator`: outside Vouch (backups are the operator's);
 * - `planned`: read here; the capability that will enforce it is not built yet;
 * - `unsupported`: this deployment cannot honour it (activation refuses such a contract; one activated
 *   earlier is reported in the status's `unhonoured`).
 */
export const ENFORCEMENT_STATES = [
  "enforced",
  "checked",
  "kept",
  "not-applicable",
  "operator",
  "planned",
  "unsupported",
] as const;
type EnforcementState = (typeof ENFORCEMENT_STATES)[number];

interface TermEnforcement {
  /** The parameter's name (docs/contract.md, Runtime parameters). */
  readonly term: string;
  readonly state: EnforcementState;
  readonly how: string;
}

/**
 * The governance terms of the contract in force — retention, residency, notice days, billable events —
 * in one place, for operators and for the capabilities that act on them (change control reads
 * `noticeDays`, metering reads `billableEvents`). Without a contract, the defaults: keep everything, no
 * residency, no notice, nothing billable.
 */
export interface ContractTerms {
  readonly source: "contract" | "default";
  readonly retentionDays: ContractParameters["retentionDays"];
  readonly auditRetentionDays: number | null;
  readonly residency: { readonly region: Region | null; readonly processingInRegion: boolean };
  readonly learning: ContractParameters["learning"];
  readonly noticeDays: number;
  readonly billableEvents: readonly BillableEvent[];
  readonly enforcement: readonly TermEnforcement[];
}

/** The terms in force under a contract's runtime parameters (undefined: no contract). Pure. */
export function contractTerms(params: ContractParameters | undefined): ContractTerms {
  const p = params ?? DEFAULT_CONTRACT_PARAMETERS;
  const r = p.retentionDays;
  const days = (n: number | null) => (n === null ? "kept until termination or erasure" : `${n} days`);
  const { handoffTarget, payload, fallbackChannel } = p.escalation;
  return {
    source: params ? "contract" : "default",
    retentionDays: r,
    auditRetentionDays: p.auditRetentionDays,
    residency: { region: p.residency, processingInRegion: p.processingInRegion },
    learning: p.learning,
    noticeDays: p.noticeDays,
    billableEvents: p.billableEvents,
    enforcement: [
      {
        term: "retentionDays.conversations",
        state: r.conversations === null ? "kept" : "enforced",
        how: `${days(r.conversations)}: the retention job replaces the text of conversations idle longer with a tombstone; rows, decisions, outcomes and ratings stay for the metrics`,
      },
      {
        term: "retentionDays.personalData",
        state: r.personalData === null ? "kept" : "enforced",
        how: `${days(r.personalData)}: the retention job clears customer references, integrator metadata and CSAT comments of conversations idle longer`,
      },
      {
        term: "retentionDays.trainingData",
        state: r.trainingData === null ? "kept" : "enforced",
        how: `${days(r.trainingData)}: the retention job retires older training examples and learned answers; the agent retrains without them`,
      },
      {
        term: "retentionDays.attachments",
        state: "not-applicable",
        how: "Vouch stores no attachments",
      },
      {
        term: "retentionDays.analytics",
        state: "not-applicable",
        how: "metrics are computed from the rows retention keeps; nothing is aggregated separately",
      },
      {
        term: "retentionDays.backups",
        state: "operator",
        how: `${days(r.backups)}: Vouch takes no backups; the operator's backup rotation must keep to this`,
      },
      {
        term: "auditRetentionDays",
        state: "kept",
        how: "the decision ledger is append-only and never pruned, so it is kept at least this long",
      },
      {
        term: "residency",
        state: p.residency === null ? "not-applicable" : "checked",
        how: "compared with the deployment's VOUCH_REGION (nothing to compare when it is unset): a contract requiring in-region processing elsewhere is refused at activation; if the deployment's region changes under it, the tenant's requests are refused (RESIDENCY_REFUSED), its jobs skip it, and every governance run logs the mismatch",
      },
      {
        term: "learning",
        state: "enforced",
        how:
          p.learning === "none"
            ? "none: approving a handoff as a learning example is refused (LEARNING_NOT_PERMITTED), and the agent answers without the examples and answers learned earlier (they are kept, unused, while this contract is in force)"
            : "tenant-only: approved human resolutions train this tenant's agent only; Vouch never trains shared models, so `shared` is honoured as tenant-only",
      },
      {
        term: "escalation.handoff.target",
        state: DELIVERABLE_HANDOFF_TARGETS.includes(handoffTarget) ? "enforced" : "unsupported",
        how: `${handoffTarget}: every handoff is written to the built-in inbox in the transaction that escalates (no helpdesk connector exists yet)`,
      },
      {
        term: "escalation.handoff.payload",
        state: "enforced",
        how: `${payload.join(", ") || "nothing"}: a handoff's stored packet and the inbox's views carry only these`,
      },
      {
        term: "escalation.handoff.fallback",
        state:
          fallbackChannel === null || HONOURED_FALLBACK_CHANNELS.includes(fallbackChannel)
            ? "enforced"
            : "unsupported",
        how: `${fallbackChannel ?? "none stated"}: delivery to the inbox happens with the escalation, so a handoff is never lost nor late; no alternate channel (email, Slack) exists`,
      },
      {
        term: "noticeDays",
        state: "planned",
        how: `${p.noticeDays} days: agent versioning and change control will hold significant changes for this notice`,
      },
      {
        term: "billableEvents",
        state: "planned",
        how: `${p.billableEvents.length > 0 ? p.billableEvents.join(", ") : "none"}: metering will record exactly these events`,
      },
    ],
  };
}
