import { DAY, HOUR } from "../shared/clock.js";
import type { ConversationsTable, OutcomesTable } from "../store/index.js";

type OutcomeState = OutcomesTable["state"];

/** The facts about a conversation that its outcome depends on. */
export interface OutcomeFacts {
  readonly state: OutcomeState;
  readonly eligible: boolean;
  readonly resolvedAt: number | null;
  readonly durableAt: number | null;
  readonly lastMessageAt: number;
  readonly lastRole: "customer" | "ai" | "human" | "system" | null;
  readonly lastAiAction: "answer" | "reply" | "escalate" | null;
}

export interface OutcomeWindows {
  /** Idle time after which a conversation has ended. */
  readonly inactivityMs: number;
  /** Time after a resolution within which a reopen reverses it. */
  readonly durabilityMs: number;
}

export const windowsFrom = (s: {
  inactivityWindowHours: number;
  durabilityWindowDays: number;
}): OutcomeWindows => ({
  inactivityMs: Math.round(s.inactivityWindowHours * HOUR),
  durabilityMs: Math.round(s.durabilityWindowDays * DAY),
});

/**
 * The windows a conversation is judged by: those recorded when it started, or `inForce` (the windows in
 * force now) for a row written by a process older than migration 0009.
 */
export function windowsOf(outcome: OutcomesTable, inForce: OutcomeWindows): OutcomeWindows {
  return outcome.inactivity_ms === null || outcome.durability_ms === null
    ? inForce
    : { inactivityMs: outcome.inactivity_ms, durabilityMs: outcome.durability_ms };
}

type Transition =
  | { readonly kind: "resolved"; readonly at: number; readonly resolvedAt: number }
  | { readonly kind: "durable"; readonly at: number }
  | { readonly kind: "abandoned"; readonly at: number }
  | { readonly kind: "ineligible"; readonly at: number };

/**
 * The time-driven transitions due by `now`, in order (PRODUCT.md, "Metric definitions"):
 * - an idle pending conversation has ended: not eligible (no customer question) → ineligible; ended on
 *   an AI answer with no human involvement → resolved (assumed), at the time of that answer; otherwise
 *   (the customer's last word went unanswered) → abandoned. An eligible conversation that was never
 *   escalated always had a knowledge answer (every question is answered or escalated), so a final
 *   conversational reply ("Glad that helped!") still ends it after an AI answer;
 * - a resolution not reopened within the durability window becomes durable.
 * Pure and idempotent: applying the result and asking again yields nothing new, whatever the clock did
 * in between (a job that was down for a week catches up exactly).
 */
export function dueTransitions(f: OutcomeFacts, w: OutcomeWindows, now: number): Transition[] {
  const out: Transition[] = [];
  let state = f.state;
  let resolvedAt = f.resolvedAt;
  const endedAt = f.lastMessageAt + w.inactivityMs;
  if (state === "pending" && now >= endedAt) {
    if (!f.eligible) {
      out.push({ kind: "ineligible", at: endedAt });
      state = "ineligible";
    } else if (f.lastRole === "ai" && (f.lastAiAction === "answer" || f.lastAiAction === "reply")) {
      out.push({ kind: "resolved", at: endedAt, resolvedAt: f.lastMessageAt });
      state = "resolved";
      resolvedAt = f.lastMessageAt;
    } else {
      out.push({ kind: "abandoned", at: endedAt });
      state = "abandoned";
    }
  }
  if (
    state === "resolved" &&
    f.durableAt === null &&
    resolvedAt !== null &&
    now >= resolvedAt + w.durabilityMs
  ) {
    out.push({ kind: "durable", at: resolvedAt + w.durabilityMs });
  }
  return out;
}

/** An entry of a conversation's outcome history (`outcome_events`). */
export interface OutcomeEvent {
  readonly kind: "resolved" | "durable" | "reopened" | "escalated" | "abandoned" | "ineligible";
  readonly at: number;
  readonly detail: string | null;
}

/** An outcome after a transition, and the events that record what changed (none when nothing did). */
export interface OutcomeChange {
  readonly outcome: OutcomesTable;
  readonly events: readonly OutcomeEvent[];
}

/** What the time-driven rules read about a conversation besides its outcome. */
type ConversationFacts = Pick<ConversationsTable, "last_message_at" | "last_role" | "last_ai_action">;

/**
 * Apply the time-driven transitions due by `now` (dueTransitions), judged by the windows the conversation
 * recorded when it started (`inForce` only for a row without them). The outcome comes back unchanged, the
 * same object, when nothing is due.
 */
export function settle(
  outcome: OutcomesTable,
  conv: ConversationFacts,
  inForce: OutcomeWindows,
  now: number,
): OutcomeChange {
  const transitions = dueTransitions(
    {
      state: outcome.state,
      eligible: outcome.eligible === 1,
      resolvedAt: outcome.resolved_at,
      durableAt: outcome.durable_at,
      lastMessageAt: conv.last_message_at,
      lastRole: conv.last_role,
      lastAiAction: conv.last_ai_action,
    },
    windowsOf(outcome, inForce),
    now,
  );
  if (transitions.length === 0) return { outcome, events: [] };
  let next: OutcomesTable = { ...outcome, updated_at: now };
  for (const t of transitions) {
    switch (t.kind) {
      case "resolved":
        next = { ...next, state: "resolved", resolution: "assumed", resolved_at: t.resolvedAt };
        break;
      case "durable":
        next = { ...next, durable_at: t.at };
        break;
      case "abandoned":
      case "ineligible":
        next = { ...next, state: t.kind };
        break;
    }
  }
  return { outcome: next, events: transitions.map((t) => ({ kind: t.kind, at: t.at, detail: null })) };
}

/** A durable resolution is final: the conversation takes no more messages (start a new one). */
export const isFinal = (o: OutcomesTable): boolean => o.state === "resolved" && o.durable_at !== null;

/**
 * A customer message arrives (after settle, on an outcome that is not final). A substantive one — a
 * question, a rejection or a request for a person — reverses a resolution (a reopen) and makes an ended
 * conversation pending again; anything else ("thanks", "hello") changes nothing.
 */
export function onCustomerMessage(outcome: OutcomesTable, substantive: boolean, now: number): OutcomeChange {
  if (substantive && outcome.state === "resolved") {
    return {
      outcome: {
        ...outcome,
        state: "pending",
        resolution: null,
        resolved_at: null,
        reopen_count: outcome.reopen_count + 1,
      },
      events: [{ kind: "reopened", at: now, detail: null }],
    };
  }
  if (substantive && (outcome.state === "abandoned" || outcome.state === "ineligible")) {
    return { outcome: { ...outcome, state: "pending" }, events: [] };
  }
  return { outcome, events: [] };
}

/**
 * The agent's turn on a customer message: a handover escalates; a customer's thanks after an answer
 * confirms a pending eligible conversation's resolution (or an assumed one's); a question makes the
 * conversation eligible.
 */
export function onAgentTurn(
  outcome: OutcomesTable,
  turn: { readonly action: "answer" | "escalate"; readonly reason: string; readonly isQuestion: boolean },
  now: number,
): OutcomeChange {
  let next = outcome;
  const events: OutcomeEvent[] = [];
  if (turn.action === "escalate") {
    next = { ...next, state: "escalated" };
    events.push({ kind: "escalated", at: now, detail: turn.reason });
  } else if (turn.reason === "acknowledged") {
    if (next.state === "pending" && next.eligible === 1) {
      next = { ...next, state: "resolved", resolution: "confirmed", resolved_at: now };
      events.push({ kind: "resolved", at: now, detail: "confirmed" });
    } else if (next.state === "resolved") {
      next = { ...next, resolution: "confirmed" };
    }
  }
  if (turn.isQuestion) next = { ...next, eligible: 1 };
  return { outcome: { ...next, updated_at: now }, events };
}

/**
 * A customer message while a person owns the conversation (the agent stays quiet): a substantive one makes
 * the conversation eligible.
 */
export function onMessageToPerson(outcome: OutcomesTable, substantive: boolean, now: number): OutcomeChange {
  const eligible = substantive ? 1 : outcome.eligible;
  return { outcome: { ...outcome, eligible, updated_at: now }, events: [] };
}
