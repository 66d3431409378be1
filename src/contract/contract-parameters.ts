import {
  BILLABLE_EVENTS,
  type BillableEvent,
  type FallbackChannel,
  type HandoffTarget,
  PAYLOAD_FIELDS,
  type PayloadField,
  type Region,
  type SupportContract,
} from "./contract-schema.js";
import { deepFreeze } from "./deep-freeze.js";

/**
 * The parameters the running system reads from the active contract: what the agent escalates on, when a
 * resolution is assumed and when it becomes durable, how long data is kept and where, how much notice a
 * significant change needs, and which events are billable. A small frozen object, so the runtime never
 * walks the document and every default is stated once, here.
 */
export interface ContractParameters {
  readonly escalation: {
    /** Always true: the customer can always ask for a human, whatever the contract says (PRODUCT.md). */
    readonly explicitRequest: true;
    /** Escalate when answer confidence is below this (0–1); null: not a trigger. */
    readonly lowConfidence: number | null;
    /** Escalate after this many failed answers in a row; null: not a trigger. */
    readonly repeatedFailureAttempts: number | null;
    /** Topics that always go to a human. */
    readonly sensitiveTopics: readonly string[];
    /** Escalate when sentiment is below this (-1–1); null: not a trigger. */
    readonly negativeSentiment: number | null;
    readonly handoffTarget: HandoffTarget;
    readonly payload: readonly PayloadField[];
    /** Where handoffs go when the target is unreachable; null: retry the target (queued, nothing lost). */
    readonly fallbackChannel: FallbackChannel | null;
    readonly fallbackMaxDelayMinutes: number | null;
  };
  readonly resolution: {
    /** Hours of customer silence after an AI answer before resolution is assumed. */
    readonly inactivityHours: number;
    /** Days without a reopen before a resolution is durable (and its charge final). */
    readonly durabilityDays: number;
  };
  /** Retention per data class in days; null: kept until termination or erasure. */
  readonly retentionDays: {
    readonly conversations: number | null;
    readonly personalData: number | null;
    readonly attachments: number | null;
    readonly analytics: number | null;
    readonly trainingData: number | null;
    readonly backups: number | null;
  };
  readonly auditRetentionDays: number | null;
  /** Region data must stay in; null: the deployment's default. */
  readonly residency: Region | null;
  /** Whether processing (model calls included) must stay in the residency region. */
  readonly processingInRegion: boolean;
  /**
   * How this tenant's data may be learned from. Vouch never trains shared models, so a contract that allows
   * `shared` still gets `tenant-only`; `none` turns per-tenant learning off.
   */
  readonly learning: "tenant-only" | "none";
  /** Days of notice before a significant change reaches production (0: none promised). */
  readonly noticeDays: number;
  /** Events the meter records as billable, in the catalogue's order. */
  readonly billableEvents: readonly BillableEvent[];
}

/**
 * Defaults used where the contract is silent. Resolution windows are PRODUCT.md's definitions. When the
 * contract lists no triggers, the agent escalates on explicit requests, low confidence and repeated failure,
 * the behaviour a buyer would expect from any support agent; when it lists triggers, only those apply (plus
 * the explicit request, which is never optional).
 */
export const DEFAULT_CONTRACT_PARAMETERS: ContractParameters = deepFreeze({
  escalation: {
    explicitRequest: true,
    lowConfidence: 0.5,
    repeatedFailureAttempts: 2,
    sensitiveTopics: [],
    negativeSentiment: null,
    handoffTarget: "inbox",
    payload: [...PAYLOAD_FIELDS],
    fallbackChannel: null,
    fallbackMaxDelayMinutes: null,
  },
  resolution: { inactivityHours: 24, durabilityDays: 7 },
  retentionDays: {
    conversations: null,
    personalData: null,
    attachments: null,
    analytics: null,
    trainingData: null,
    backups: null,
  },
  auditRetentionDays: null,
  residency: null,
  processingInRegion: false,
  learning: "tenant-only",
  noticeDays: 0,
  billableEvents: [],
});

/** Reads the runtime parameters of a validated contract, applying `DEFAULT_CONTRACT_PARAMETERS`. */
export function contractParameters(contract: SupportContract): ContractParameters {
  const d = DEFAULT_CONTRACT_PARAMETERS;
  const triggers = contract.escalation?.triggers;
  const trigger = (kind: string) => triggers?.find((t) => t.kind === kind);
  const handoff = contract.escalation?.handoff;
  const retention = contract.data?.retentionDays;
  const events = new Set(
    (contract.pricing?.charges ?? []).flatMap((c) => (c.billableEvent ? [c.billableEvent] : [])),
  );

  return deepFreeze({
    escalation: {
      explicitRequest: true,
      lowConfidence: triggers ? (trigger("low-confidence")?.threshold ?? null) : d.escalation.lowConfidence,
      repeatedFailureAttempts: triggers
        ? (trigger("repeated-failure")?.attempts ?? null)
        : d.escalation.repeatedFailureAttempts,
      sensitiveTopics: [...(trigger("sensitive-topic")?.topics ?? d.escalation.sensitiveTopics)],
      negativeSentiment: trigger("negative-sentiment")?.threshold ?? d.escalation.negativeSentiment,
      handoffTarget: handoff?.target ?? d.escalation.handoffTarget,
      payload: [...(handoff?.payload ?? d.escalation.payload)],
      fallbackChannel: handoff?.fallback?.channel ?? d.escalation.fallbackChannel,
      fallbackMaxDelayMinutes: handoff?.fallback?.maxDelayMinutes ?? d.escalation.fallbackMaxDelayMinutes,
    },
    resolution: {
      inactivityHours: contract.sla?.resolution?.inactivityHours ?? d.resolution.inactivityHours,
      durabilityDays: contract.sla?.resolution?.durabilityDays ?? d.resolution.durabilityDays,
    },
    retentionDays: {
      conversations: retention?.conversations ?? null,
      personalData: retention?.personalData ?? null,
      attachments: retention?.attachments ?? null,
      analytics: retention?.analytics ?? null,
      trainingData: retention?.trainingData ?? null,
      backups: retention?.backups ?? null,
    },
    auditRetentionDays: contract.audit?.retentionDays ?? d.auditRetentionDays,
    residency: contract.data?.residency?.region ?? d.residency,
    processingInRegion: contract.data?.residency?.processing === "in-region",
    learning: contract.data?.trainingUse === "none" ? "none" : "tenant-only",
    noticeDays: contract.changeManagement?.noticeDays ?? d.noticeDays,
    billableEvents: BILLABLE_EVENTS.filter((e) => events.has(e)),
  });
}
