import type { ContractParameters } from "../contract/index.js";
import { DAY, HOUR } from "../shared/clock.js";

/**
 * What the retention job does for one tenant at one time, from the contract in force. Pure.
 *
 * Three of the contract's data classes have something to remove in Vouch's store:
 * - `conversations`: the text of a conversation whose last activity is older than the period — every
 *   message, the handoff summary, transcript and resolution note, the CSAT comment — is replaced by a
 *   tombstone, and its personal data goes too; the rows, decisions, outcomes and CSAT ratings stay, so
 *   every metric is still computed from them;
 * - `personalData`: when shorter than `conversations`, the customer reference, the integrator's
 *   metadata and CSAT comments go earlier, the text stays until its own period ends;
 * - `trainingData`: approved examples (and answers learned from a conversation) older than the period
 *   are retired, and the tenant's agent retrains without them.
 * The other classes have nothing to act on here (docs/governance.md says why).
 */
export interface RetentionPolicy {
  /** Days per class; null where the contract keeps data until termination or erasure (or no contract). */
  readonly conversations: number | null;
  readonly personalData: number | null;
  readonly trainingData: number | null;
}

/** The policy's moments at `now`: data whose time is strictly before a cutoff is past its period. */
export interface RetentionCutoffs {
  readonly conversations: number | null;
  /** Only when personal data's period is shorter than the conversations' (else the content pass covers it). */
  readonly personalData: number | null;
  readonly trainingData: number | null;
  /**
   * Stored replies to idempotent requests (which copy messages and customer references) go with the
   * shorter of the two text periods, but never within IDEMPOTENCY_REPLAY_MS, so a client retrying a request
   * is still answered with the first response.
   */
  readonly idempotency: number | null;
}

/** How long a stored idempotent response is kept at least, whatever the retention period. */
export const IDEMPOTENCY_REPLAY_MS = 24 * HOUR;

export const NO_RETENTION: RetentionPolicy = Object.freeze({
  conversations: null,
  personalData: null,
  trainingData: null,
});

/** The policy in force under a contract's parameters; none (keep everything) without a contract. */
export function retentionPolicy(
  params: Pick<ContractParameters, "retentionDays"> | undefined,
): RetentionPolicy {
  if (!params) return NO_RETENTION;
  const r = params.retentionDays;
  return Object.freeze({
    conversations: r.conversations,
    personalData: r.personalData,
    trainingData: r.trainingData,
  });
}

export const hasRetention = (p: RetentionPolicy): boolean =>
  p.conversations !== null || p.personalData !== null || p.trainingData !== null;

export function retentionCutoffs(policy: RetentionPolicy, now: number): RetentionCutoffs {
  const cutoff = (days: number | null) => (days === null ? null : now - days * DAY);
  const conversations = cutoff(policy.conversations);
  const personal =
    policy.personalData !== null &&
    (policy.conversations === null || policy.personalData < policy.conversations)
      ? cutoff(policy.personalData)
      : null;
  const text = Math.max(conversations ?? Number.NEGATIVE_INFINITY, personal ?? Number.NEGATIVE_INFINITY);
  return Object.freeze({
    conversations,
    personalData: personal,
    trainingData: cutoff(policy.trainingData),
    idempotency: Number.isFinite(text) ? Math.min(text, now - IDEMPOTENCY_REPLAY_MS) : null,
  });
}

/** Every tombstone starts with this, so text already removed is never counted (or rewritten) twice. */
export const TOMBSTONE_PREFIX = "[removed: retention policy";

/** What replaces removed text: `[removed: retention policy, 730 days]`. */
export const tombstone = (days: number): string => `${TOMBSTONE_PREFIX}, ${days} days]`;

export const isTombstone = (text: string): boolean => text.startsWith(TOMBSTONE_PREFIX);

/** What a retention run changed, per kind of record. */
export interface RetentionCounts {
  /** Conversations whose text was replaced by a tombstone. */
  readonly conversations: number;
  readonly messages: number;
  /** Handoffs whose summary, transcript copy, resolution note or customer reference was removed. */
  readonly handoffs: number;
  /** Conversations whose customer reference was cleared. */
  readonly customerRefs: number;
  /** Conversations whose integrator metadata was cleared. */
  readonly metadata: number;
  readonly csatComments: number;
  /** Stored responses to idempotent requests, deleted. */
  readonly idempotencyResponses: number;
  readonly trainingExamples: number;
  /** Answers learned from a conversation (their title is the customer's question), retired. */
  readonly learnedAnswers: number;
}

export const RETENTION_COUNT_KEYS = [
  "conversations",
  "messages",
  "handoffs",
  "customerRefs",
  "metadata",
  "csatComments",
  "idempotencyResponses",
  "trainingExamples",
  "learnedAnswers",
] as const satisfies readonly (keyof RetentionCounts)[];

export const ZERO_COUNTS: RetentionCounts = Object.freeze({
  conversations: 0,
  messages: 0,
  handoffs: 0,
  customerRefs: 0,
  metadata: 0,
  csatComments: 0,
  idempotencyResponses: 0,
  trainingExamples: 0,
  learnedAnswers: 0,
});

export function addCounts(a: RetentionCounts, b: Partial<RetentionCounts>): RetentionCounts {
  const out = { ...a };
  for (const k of RETENTION_COUNT_KEYS) out[k] = a[k] + (b[k] ?? 0);
  return out;
}

export const countTotal = (c: RetentionCounts): number => RETENTION_COUNT_KEYS.reduce((n, k) => n + c[k], 0);

/** Counts read back from storage, tolerating keys added later (missing ones are 0). */
export function countsFrom(value: unknown): RetentionCounts {
  const o = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const out = { ...ZERO_COUNTS };
  for (const k of RETENTION_COUNT_KEYS) {
    const n = o[k];
    out[k] = typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : 0;
  }
  return out;
}
