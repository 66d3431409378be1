import type { TenantSettings } from "../tenants/index.js";
import type { MessageSignals } from "./detect-signals.js";
import type { Candidate, Resolution } from "./resolver/types.js";

/** Stable reason codes recorded on every decision (and used by reports and the ledger). */
export type ReasonCode =
  | "answered" // a knowledge answer above the confidence threshold
  | "retry_answer" // the customer rejected an answer; the next best one is offered
  | "greeting" // a greeting answered with a greeting
  | "acknowledged" // the customer confirmed; thanked in return
  | "not_a_question" // no letters: asked to rephrase
  | "customer_requested_human"
  | "low_confidence"
  | "no_knowledge" // the tenant has nothing to answer from yet
  | "repeated_failure"
  | "sensitive_topic"
  | "negative_sentiment";

type TurnAction = "answer" | "escalate";

export interface TurnContext {
  readonly settings: TenantSettings;
  readonly signals: MessageSignals;
  /** Failures in a row before this message. */
  readonly failureStreak: number;
  /** The label the agent answered with last, if its last turn was an answer. */
  readonly lastAnswerLabel: string | undefined;
  /** Labels already offered for the question now being retried. */
  readonly offeredLabels: readonly string[];
}

export interface TurnDecision {
  readonly action: TurnAction;
  readonly reason: ReasonCode;
  /** Detail for the reason, e.g. the sensitive topic's name. */
  readonly detail?: string;
  readonly confidence: number;
  /** The answer target for `answer` decisions with knowledge. */
  readonly label: string | undefined;
  readonly candidates: readonly Candidate[];
  /** The failure streak after this turn. */
  readonly failureStreak: number;
  /** Whether this message counts as a question (makes the conversation eligible). */
  readonly isQuestion: boolean;
}

/** The resolver's view of the message, computed only when the decision needs it. */
export interface Resolve {
  /** Resolution of the message text alone. */
  current(): Resolution;
  /** Resolution of the retried question (previous question plus this message). */
  retry(): Resolution;
}

const none: readonly Candidate[] = [];

/**
 * Decide what the agent does with one customer message. Pure: every input is in the arguments.
 * Triggers are checked in order of how much a person is owed: an explicit request for a human first,
 * then sensitive topics, then anger, then conversation mechanics, then knowledge confidence.
 */
export function decideTurn(ctx: TurnContext, resolve: Resolve): TurnDecision {
  const { settings, signals } = ctx;
  const base = { confidence: 1, label: undefined, candidates: none, failureStreak: ctx.failureStreak };
  const asked = signals.intent === "question" || signals.intent === "failure";
  if (signals.wantsHuman) {
    return { ...base, action: "escalate", reason: "customer_requested_human", isQuestion: true };
  }
  if (signals.sensitiveTopic) {
    return {
      ...base,
      action: "escalate",
      reason: "sensitive_topic",
      detail: signals.sensitiveTopic,
      isQuestion: true,
    };
  }
  if (signals.sentiment <= settings.negativeSentimentThreshold) {
    return {
      ...base,
      action: "escalate",
      reason: "negative_sentiment",
      detail: String(signals.sentiment),
      isQuestion: asked,
    };
  }
  switch (signals.intent) {
    case "greeting":
      return { ...base, action: "answer", reason: "greeting", isQuestion: false };
    case "thanks":
      return { ...base, action: "answer", reason: "acknowledged", failureStreak: 0, isQuestion: false };
    case "noise":
      return { ...base, action: "answer", reason: "not_a_question", isQuestion: false };
    case "failure": {
      // Every rejection counts, including one that goes on to name a different problem.
      const streak = ctx.failureStreak + 1;
      if (streak >= settings.maxFailures) {
        return {
          ...base,
          action: "escalate",
          reason: "repeated_failure",
          failureStreak: streak,
          isQuestion: true,
        };
      }
      // A "doesn't work" that confidently names a different answer is answered as the question it is.
      const fresh = resolve.current();
      const top = fresh.candidates[0];
      if (top && fresh.confidence >= settings.confidenceThreshold && top.label !== ctx.lastAnswerLabel) {
        return answer(fresh, "answered", streak);
      }
      const retry = resolve.retry();
      const next = retry.candidates.find((c) => !ctx.offeredLabels.includes(c.label));
      if (!next) {
        return {
          ...base,
          action: "escalate",
          reason: "low_confidence",
          confidence: 0,
          failureStreak: streak,
          isQuestion: true,
        };
      }
      // The calibrated confidence belongs to the top candidate; a lower-ranked one gets its share of it.
      const topScore = retry.candidates[0]?.score ?? 0;
      const share = topScore > 0 ? Math.max(0, Math.min(1, next.score / topScore)) : 0;
      const confidence = retry.confidence * share;
      if (confidence < settings.confidenceThreshold) {
        return {
          ...base,
          action: "escalate",
          reason: "low_confidence",
          confidence,
          candidates: retry.candidates,
          failureStreak: streak,
          isQuestion: true,
        };
      }
      return {
        action: "answer",
        reason: "retry_answer",
        confidence,
        label: next.label,
        candidates: retry.candidates,
        failureStreak: streak,
        isQuestion: true,
      };
    }
    case "question": {
      const r = resolve.current();
      if (r.candidates.length === 0) {
        return {
          ...base,
          action: "escalate",
          reason: "no_knowledge",
          confidence: 0,
          failureStreak: 0,
          isQuestion: true,
        };
      }
      if (r.confidence < settings.confidenceThreshold) {
        return {
          action: "escalate",
          reason: "low_confidence",
          confidence: r.confidence,
          label: undefined,
          candidates: r.candidates,
          failureStreak: 0,
          isQuestion: true,
        };
      }
      return answer(r, "answered", 0);
    }
  }
}

function answer(r: Resolution, reason: ReasonCode, streak: number): TurnDecision {
  return {
    action: "answer",
    reason,
    confidence: r.confidence,
    label: r.candidates[0]?.label,
    candidates: r.candidates,
    failureStreak: streak,
    isQuestion: true,
  };
}
