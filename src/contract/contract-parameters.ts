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
  /**
   * When the contract can bind: from 00:00 UTC of `term.start` until 00:00 UTC of the day after `term.end`.
   * A contract binds only within its term (activeContractParameters); activation refuses dates outside it.
   */
  readonly term: ContractTerm;
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
  /**
   * What the contract states about the agent's behaviour, in the tenant settings' own field names and units
   * (src/tenants/settings.ts), ready to merge with `applyContractSettings`. Only what the contract states is
   * here: where it is silent, the tenant's own setting applies rather than a default.
   */
  readonly agentSettings: ContractAgentSettings;
}

/** The term of a contract as the runtime reads it (times in epoch milliseconds). */
export interface ContractTerm {
  /** `term.start` as written (`YYYY-MM-DD`); null when the contract states no term. */
  readonly start: string | null;
  /** `term.end` as written; null for an evergreen contract. */
  readonly end: string | null;
  /** `term.renewal.kind`; null when unstated. */
  readonly renewal: "auto" | "manual" | "none" | null;
  /** The first instant the contract binds: 00:00 UTC of `start` (0 without a term). */
  readonly startsAt: number;
  /**
   * The instant it stops binding: 00:00 UTC of the day after `end`. Null when it does not end by itself:
   * no end date, or automatic renewal (Vouch cannot see a notice of non-renewal; activating another
   * version is how the operator records it).
   */
  readonly endsAt: number | null;
}

/** Where `at` lies relative to the term: before it starts, within it, or after it ended. */
export function termPosition(term: ContractTerm, at: number): "before" | "within" | "ended" {
  if (at < term.startsAt) return "before";
  return term.endsAt !== null && at >= term.endsAt ? "ended" : "within";
}

/**
 * Why the contract of the activation in force at `at` binds nothing then, in words for an operator, or null
 * when it binds. `params` null: its document no longer validates under this server's rules.
 */
export function notBindingReason(params: ContractParameters | null, at: number): string | null {
  if (params === null) {
    return "its document no longer validates under this server's rules, so it binds nothing; the tenant's own settings and the defaults apply";
  }
  const { term } = params;
  switch (termPosition(term, at)) {
    case "within":
      return null;
    case "before":
      return `its term starts on ${term.start}; until then it binds nothing, and the tenant's own settings and the defaults apply`;
    case "ended":
      return `its term ended on ${term.end} (renewal: ${term.renewal ?? "not stated"}), so it no longer binds: the tenant's own settings and the defaults apply until a version with a current term is activated`;
  }
}

const utcDay = (date: string): number => Date.parse(`${date}T00:00:00Z`);

function contractTerm(contract: SupportContract): ContractTerm {
  const t = contract.term;
  const renewal = t?.renewal?.kind ?? null;
  const end = t?.end ?? null;
  return {
    start: t?.start ?? null,
    end,
    renewal,
    startsAt: t ? utcDay(t.start) : 0,
    endsAt: end === null || renewal === "auto" ? null : utcDay(end) + 86_400_000,
  };
}

/** A sensitive topic as the agent's settings define one: a name and case-insensitive patterns. */
interface AgentSensitiveTopic {
  readonly name: string;
  readonly patterns: readonly string[];
}

/**
 * Agent settings a contract states. Each field is present only when the contract states it, so merging never
 * replaces a tenant's tuned value with a default the contract did not ask for.
 */
interface ContractAgentSettings {
  /** The low-confidence trigger's threshold (0–1). */
  readonly confidenceThreshold?: number;
  /** The repeated-failure trigger's attempts (1–10). */
  readonly maxFailures?: number;
  /**
   * The negative-sentiment trigger on the agent's sentiment score (AFINN points, negative is unhappy): the
   * largest score strictly below `SENTIMENT_SCALE` × the contract's threshold, so the agent's "at or below"
   * matches the contract's "below". -0.6 → -7; 0 → -1; -1 → -11.
   */
  readonly negativeSentimentThreshold?: number;
  /**
   * Topics the contract requires to go to a human. A name is the topic id with `-` read as `_`
   * (`billing-dispute` → `billing_dispute`); the patterns match the topic's words and are used only when the
   * tenant's settings define no topic of that name.
   */
  readonly sensitiveTopics?: readonly AgentSensitiveTopic[];
  /** `sla.resolution.inactivityHours`. */
  readonly inactivityWindowHours?: number;
  /** `sla.resolution.durabilityDays`. */
  readonly durabilityWindowDays?: number;
}

/** Agent-score points per unit of the contract's -1–0 sentiment scale (a threshold of -0.4 reads as -5). */
const SENTIMENT_SCALE = 10;

/**
 * Defaults used where the contract is silent. Resolution windows are PRODUCT.md's definitions. When the
 * contract lists no triggers, the agent escalates on explicit requests, low confidence and repeated failure,
 * the behaviour a buyer would expect from any support agent; when it lists triggers, only those apply (plus
 * the explicit request, which is never optional).
 */
export const DEFAULT_CONTRACT_PARAMETERS: ContractParameters = deepFreeze({
  term: { start: null, end: null, renewal: null, startsAt: 0, endsAt: null },
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
  agentSettings: {},
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
    term: contractTerm(contract),
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
    agentSettings: agentSettings(contract),
  });
}

function agentSettings(contract: SupportContract): ContractAgentSettings {
  const triggers = contract.escalation?.triggers ?? [];
  const trigger = (kind: string) => triggers.find((t) => t.kind === kind);
  const confidence = trigger("low-confidence")?.threshold;
  const attempts = trigger("repeated-failure")?.attempts;
  const sentiment = trigger("negative-sentiment")?.threshold;
  const topics = trigger("sensitive-topic")?.topics;
  const resolution = contract.sla?.resolution;
  return {
    ...(confidence === undefined ? {} : { confidenceThreshold: confidence }),
    ...(attempts === undefined ? {} : { maxFailures: attempts }),
    ...(sentiment === undefined ? {} : { negativeSentimentThreshold: sentimentScore(sentiment) }),
    ...(topics === undefined ? {} : { sensitiveTopics: topics.map(topicSetting) }),
    ...(resolution?.inactivityHours === undefined
      ? {}
      : { inactivityWindowHours: resolution.inactivityHours }),
    ...(resolution?.durabilityDays === undefined ? {} : { durabilityWindowDays: resolution.durabilityDays }),
  };
}

/** The largest whole agent score strictly below the contract's threshold, within the settings' -50…-1. */
function sentimentScore(threshold: number): number {
  // Rounded first so that -0.6 × 10 is -6, not -6.000000000000001.
  const scaled = Math.round(threshold * SENTIMENT_SCALE * 1e6) / 1e6;
  return Math.max(-50, Math.min(-1, Math.ceil(scaled) - 1));
}

/** `billing-dispute` → `{name: billing_dispute, patterns: ["\\bbilling[\\s_-]*disputes?\\b"]}`. */
function topicSetting(topic: string): AgentSensitiveTopic {
  const words = topic.split(/[-_]/);
  return { name: words.join("_"), patterns: [`\\b${words.join("[\\s_-]*")}s?\\b`] };
}

/** The fields `applyContractSettings` reads and writes; TenantSettings has them all. */
interface AgentSettingsFields {
  readonly confidenceThreshold: number;
  readonly maxFailures: number;
  readonly negativeSentimentThreshold: number;
  readonly sensitiveTopics: readonly AgentSensitiveTopic[];
  readonly inactivityWindowHours: number;
  readonly durabilityWindowDays: number;
}

const merged = new WeakMap<object, WeakMap<ContractParameters, object>>();

/**
 * The agent settings in force under a contract: the contract's stated values replace the tenant's, and its
 * sensitive topics are added to the tenant's (a topic the tenant already defines keeps the tenant's
 * patterns; the contract only ever adds escalations). Without a contract, `settings` itself. Memoised per
 * (settings, parameters) pair and frozen, so callers that cache work per settings object (compiled
 * patterns) keep their cache while the contract is unchanged.
 */
export function applyContractSettings<S extends AgentSettingsFields>(
  settings: S,
  params: ContractParameters | undefined,
): S {
  if (!params) return settings;
  let byParams = merged.get(settings);
  if (!byParams) {
    byParams = new WeakMap();
    merged.set(settings, byParams);
  }
  const hit = byParams.get(params);
  if (hit) return hit as S;
  const { sensitiveTopics: required, ...stated } = params.agentSettings;
  const known = new Set(settings.sensitiveTopics.map((t) => t.name));
  const sensitiveTopics = [
    ...settings.sensitiveTopics,
    ...(required ?? []).filter((t) => !known.has(t.name)),
  ];
  const result = Object.freeze({ ...settings, ...stated, sensitiveTopics }) as S;
  byParams.set(params, result);
  return result;
}
