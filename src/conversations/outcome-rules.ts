import { DAY, HOUR } from "../shared/clock.js";

type OutcomeState = "pending" | "resolved" | "escalated" | "abandoned" | "ineligible";

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
