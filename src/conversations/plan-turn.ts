import {
  type AgentModel,
  type Candidate,
  composeAnswer,
  composeReply,
  decideTurn,
  detectSignals,
  type MessageSignals,
  type ReasonCode,
  replyFormatOf,
} from "../agent/index.js";
import { VouchError } from "../shared/errors.js";
import type { ConversationsTable, DecisionsTable, MessagesTable, OutcomesTable } from "../store/index.js";
import type { TenantSettings } from "../tenants/index.js";
import {
  isFinal,
  type OutcomeEvent,
  onAgentTurn,
  onCustomerMessage,
  onMessageToPerson,
  settle,
  windowsFrom,
} from "./outcome-rules.js";
import type { CitationView } from "./views.js";

/** A conversation as a message finds it: its row and its outcome. */
export interface ConversationState {
  readonly conv: ConversationsTable;
  readonly outcome: OutcomesTable;
}

/** What a customer message means for its conversation before anyone answers it. */
export interface MessageReading extends ConversationState {
  readonly content: string;
  readonly signals: MessageSignals;
  /** A question, a rejection or a request for a person (not "thanks" or "hello"). */
  readonly substantive: boolean;
  /** The outcome events so far: those due by time, then a reopen. */
  readonly events: readonly OutcomeEvent[];
  /** The agent will decide, and the customer rejected an answer: it needs the earlier turns (RetryContext). */
  readonly needsRetryContext: boolean;
}

/** What the agent needs about earlier turns when the customer rejects an answer. */
export interface RetryContext {
  /** Labels already offered for the question being retried. */
  readonly offered: readonly string[];
  /** The question being retried. */
  readonly question: string;
  readonly lastAnswerLabel: string | undefined;
}

export const NO_RETRY_CONTEXT: RetryContext = { offered: [], question: "", lastAnswerLabel: undefined };

/**
 * Read a customer message against its conversation as of `now`: refused on a closed conversation; the
 * time-driven outcome transitions due by now applied first (a message after the inactivity window lands
 * on a resolved conversation), refused when that resolution is durable; then the message's signals and
 * what they do to the outcome (a substantive message reopens a resolution). `settings` are the tenant's
 * in force; their windows judge only a conversation that recorded none.
 */
export function readMessage(
  state: ConversationState,
  content: string,
  settings: TenantSettings,
  now: number,
): MessageReading {
  const { conv } = state;
  if (conv.status === "closed") {
    throw new VouchError("CONVERSATION_CLOSED", "this conversation is closed; start a new conversation");
  }
  const settled = settle(state.outcome, conv, windowsFrom(settings), now);
  if (isFinal(settled.outcome)) {
    throw new VouchError(
      "CONVERSATION_CLOSED",
      "this conversation's resolution is durable; start a new conversation",
    );
  }
  const afterAnswer = conv.last_role === "ai" && conv.last_ai_action === "answer";
  const signals = detectSignals(content, settings, afterAnswer);
  const substantive = signals.intent === "question" || signals.intent === "failure" || signals.wantsHuman;
  const arrived = onCustomerMessage(settled.outcome, substantive, now);
  return {
    conv,
    outcome: arrived.outcome,
    content,
    signals,
    substantive,
    events: [...settled.events, ...arrived.events],
    needsRetryContext: conv.status !== "escalated" && signals.intent === "failure",
  };
}

/**
 * A passage the decision considered, as the decision row, the ledger entry and a handoff packet show it:
 * the ledger keeps id and score; the row also keeps each ranker's evidence, so a reviewer sees why.
 */
export interface SourceRef {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly lexical?: number;
  readonly coverage?: number;
  readonly learned?: number;
}

/** Passages a decision records (the best first). */
const SOURCES_RECORDED = 5;

function sourceRef(agent: AgentModel, c: Candidate): SourceRef {
  const ref = { id: c.label, title: agent.answers.get(c.label)?.title ?? c.label, score: round4(c.score) };
  if (!c.evidence) return ref;
  const { lexical, coverage, learned } = c.evidence;
  return { ...ref, lexical: round4(lexical), coverage: round4(coverage), learned: round4(learned) };
}

/** The agent's part of a turn: its reply and the decision behind it. */
export interface AgentReply {
  readonly reply: MessagesTable;
  readonly decision: DecisionsTable;
  /** The decision's best candidates (at most SOURCES_RECORDED), scores rounded as stored. */
  readonly sources: readonly SourceRef[];
  readonly citations: readonly CitationView[];
}

/** What a handoff opened by a turn says: why the agent handed over, how sure it was, what it considered. */
export interface Handover {
  readonly decisionId: string;
  readonly reason: ReasonCode;
  readonly detail: string | undefined;
  readonly confidence: number;
  readonly sources: readonly SourceRef[];
}

/** Everything one customer message writes: rows, outcome events, and whether a person takes over. */
export interface TurnPlan {
  /** The conversation and outcome rows after the message. */
  readonly conv: ConversationsTable;
  readonly outcome: OutcomesTable;
  readonly events: readonly OutcomeEvent[];
  readonly message: MessagesTable;
  /** Null while a person owns the conversation: the agent stays quiet and the message waits in the inbox. */
  readonly agent: AgentReply | null;
  /** Set when the agent hands the conversation to a person with this turn: the handoff to open. */
  readonly handover: Handover | null;
}

/** What planning a turn needs besides the reading: the agent, and the ids and times it cannot make itself. */
export interface TurnContext {
  readonly settings: TenantSettings;
  readonly agent: AgentModel;
  readonly retry: RetryContext;
  readonly now: number;
  readonly newId: (kind: "message" | "decision") => string;
  /** Microseconds since the turn started: the decision's recorded latency, read once it is made. */
  readonly elapsedUs: () => number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Plan one customer message's turn: the message row; then, unless a person owns the conversation, the
 * agent's decision (decideTurn), its reply and the decision row; and the conversation and outcome after
 * them. Pure: the rows it returns are what the message path writes.
 */
export function planTurn(reading: MessageReading, ctx: TurnContext): TurnPlan {
  const { conv, signals } = reading;
  const now = ctx.now;
  const decisionId = ctx.newId("decision");
  const message: MessagesTable = {
    tenant_id: conv.tenant_id,
    message_id: ctx.newId("message"),
    conversation_id: conv.conversation_id,
    seq: conv.next_seq,
    role: "customer",
    intent: signals.intent,
    content: reading.content,
    author_id: null,
    decision_id: conv.status === "escalated" ? null : decisionId,
    created_at: now,
  };
  if (conv.status === "escalated") {
    return {
      conv: {
        ...conv,
        next_seq: conv.next_seq + 1,
        last_message_at: now,
        last_role: "customer",
        last_intent: signals.intent,
      },
      outcome: onMessageToPerson(reading.outcome, reading.substantive, now).outcome,
      events: reading.events,
      message,
      agent: null,
      handover: null,
    };
  }

  const { agent, retry } = ctx;
  let decision = decideTurn(
    {
      settings: ctx.settings,
      signals,
      failureStreak: conv.failure_streak,
      lastAnswerLabel: retry.lastAnswerLabel,
      offeredLabels: retry.offered,
    },
    {
      current: () => agent.model.resolve(reading.content, 5),
      retry: () => agent.model.resolve(`${retry.question} ${reading.content}`, 8),
    },
  );
  const answerSource = decision.label ? agent.answers.get(decision.label) : undefined;
  if (decision.action === "answer" && decision.label && !answerSource) {
    // The model knows a label the answer table does not (cannot happen with one training pass); never
    // answer with nothing — hand over instead.
    decision = { ...decision, action: "escalate", reason: "low_confidence", label: undefined };
  }
  const latencyUs = ctx.elapsedUs();
  const sources = decision.candidates.slice(0, SOURCES_RECORDED).map((c) => sourceRef(agent, c));
  const reply: MessagesTable = {
    tenant_id: conv.tenant_id,
    message_id: ctx.newId("message"),
    conversation_id: conv.conversation_id,
    seq: conv.next_seq + 1,
    role: "ai",
    intent: null,
    content:
      decision.action === "answer" && answerSource
        ? composeAnswer(answerSource, decision.reason, replyFormatOf(conv.channel))
        : composeReply(decision.reason),
    author_id: agent.versionId,
    decision_id: decisionId,
    created_at: now,
  };
  const decisionRow: DecisionsTable = {
    tenant_id: conv.tenant_id,
    decision_id: decisionId,
    conversation_id: conv.conversation_id,
    message_id: message.message_id,
    reply_message_id: reply.message_id,
    agent_version: agent.versionId,
    action: decision.action,
    reason: decision.reason,
    detail: decision.detail ?? null,
    confidence: round4(decision.confidence),
    answer_label: decision.action === "answer" ? (decision.label ?? null) : null,
    sources: JSON.stringify(sources),
    latency_us: latencyUs,
    created_at: now,
  };
  const answered = decision.reason === "answered" || decision.reason === "retry_answer";
  const turned = onAgentTurn(reading.outcome, decision, now);
  return {
    conv: {
      ...conv,
      next_seq: conv.next_seq + 2,
      last_message_at: now,
      last_role: "ai",
      last_intent: signals.intent,
      last_ai_action: decision.action === "escalate" ? "escalate" : answered ? "answer" : "reply",
      failure_streak: decision.failureStreak,
      agent_version: agent.versionId,
      status: decision.action === "escalate" ? "escalated" : conv.status,
    },
    outcome: turned.outcome,
    events: [...reading.events, ...turned.events],
    message,
    agent: {
      reply,
      decision: decisionRow,
      sources,
      citations:
        decision.action === "answer" && answerSource?.kind === "article"
          ? [
              {
                articleId: answerSource.sourceId,
                title: answerSource.title,
                slug: answerSource.slug ?? null,
                section: answerSource.section ?? null,
                anchor: answerSource.anchor || null,
              },
            ]
          : [],
    },
    handover:
      decision.action === "escalate"
        ? {
            decisionId,
            reason: decision.reason,
            detail: decision.detail,
            confidence: decisionRow.confidence,
            sources,
          }
        : null,
  };
}
