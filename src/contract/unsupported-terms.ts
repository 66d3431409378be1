import type { ContractParameters } from "./contract-parameters.js";
import type { FallbackChannel, HandoffTarget } from "./contract-schema.js";

/**
 * Terms this version of Vouch cannot honour, whatever the deployment: a contract stating one is refused at
 * activation (the composition root's policy, with residency) rather than accepted and silently ignored,
 * and one already in force (activated by an earlier version) is reported. Pure.
 */

/** Where handoffs can be delivered: the built-in inbox only, until helpdesk connectors exist. */
export const DELIVERABLE_HANDOFF_TARGETS: readonly HandoffTarget[] = ["inbox"];

/**
 * Fallback channels this deployment honours: those equivalent to what the inbox does. A handoff is written
 * to the inbox in the transaction that decides to escalate, so it is never unreachable and never waits: it
 * is queued there, nothing is lost, within any maximum delay. An alternate channel (email, Slack) does not
 * exist yet.
 */
export const HONOURED_FALLBACK_CHANNELS: readonly FallbackChannel[] = ["inbox", "queue"];

/** A term the running system cannot honour, in words for an operator. */
export interface UnsupportedTerm {
  /** The term's YAML path. */
  readonly term: string;
  readonly value: string;
  readonly message: string;
}

/** The handoff terms of `params` this version of Vouch cannot honour; empty when it honours them all. */
export function unsupportedTerms(params: Pick<ContractParameters, "escalation">): UnsupportedTerm[] {
  const out: UnsupportedTerm[] = [];
  const { handoffTarget, fallbackChannel } = params.escalation;
  if (!DELIVERABLE_HANDOFF_TARGETS.includes(handoffTarget)) {
    out.push({
      term: "escalation.handoff.target",
      value: handoffTarget,
      message: `handoffs can only be delivered to the built-in inbox: this deployment has no ${handoffTarget} connector`,
    });
  }
  if (fallbackChannel !== null && !HONOURED_FALLBACK_CHANNELS.includes(fallbackChannel)) {
    out.push({
      term: "escalation.handoff.fallback.channel",
      value: fallbackChannel,
      message: `no ${fallbackChannel} channel exists to fall back to; only inbox or queue (handoffs wait in the inbox, nothing is lost) can be honoured`,
    });
  }
  return out;
}
