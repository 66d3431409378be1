import type { DecisionRecord } from "../ledger/index.js";
import { newId } from "../shared/ids.js";
import type { MessagesTable, UnitOfWork } from "../store/index.js";
import type { ConversationCaller } from "./conversation-access.js";
import { loadForUpdate, saveTurn } from "./conversation-rows.js";
import type { PreparedTurn } from "./deps.js";
import { handOver } from "./hand-over.js";
import {
  type AgentReply,
  type ConversationState,
  NO_RETRY_CONTEXT,
  planTurn,
  type RetryContext,
  readMessage,
  type TurnPlan,
} from "./plan-turn.js";
import { recordOutcomeEvents } from "./settle-outcome.js";
import {
  type ExchangeView,
  type HandoffRef,
  toConversationView,
  toDecisionView,
  toMessageView,
} from "./views.js";

/** A customer message to process. */
export interface CustomerMessage {
  readonly conversationId: string;
  /** Normalised and size-checked (checkContent). */
  readonly content: string;
  /** Who sends it: an end customer must hold the conversation's token (see assertConversationAccess). */
  readonly caller?: ConversationCaller | undefined;
  /**
   * The rows of a conversation this message starts, not yet written: they are inserted once, in their
   * state after the message, instead of inserted and then updated.
   */
  readonly unsaved?: ConversationState | undefined;
}

/**
 * Handle one customer message in the unit's transaction: read it against the conversation (readMessage:
 * outcome settled as of now, signals), let the agent decide and plan the rows (planTurn), write them with
 * the decision's ledger entry, and hand the conversation over when the agent escalates. Everything commits
 * together or not at all.
 */
export async function processCustomerMessage(
  uow: UnitOfWork,
  turn: PreparedTurn,
  input: CustomerMessage,
): Promise<ExchangeView> {
  const state = input.unsaved ?? (await loadForUpdate(uow, input.conversationId, input.caller));
  const reading = readMessage(state, input.content, turn.tenant.settings, uow.now);
  const started = process.hrtime.bigint();
  const retry = reading.needsRetryContext ? await retryContext(uow, input.conversationId) : NO_RETRY_CONTEXT;
  const plan = planTurn(reading, {
    settings: turn.tenant.settings,
    agent: turn.agent,
    retry,
    now: uow.now,
    newId: (kind) => newId(kind, uow.now),
    elapsedUs: () => Number((process.hrtime.bigint() - started) / 1000n),
  });
  await saveTurn(uow, plan, input.unsaved !== undefined);
  if (plan.agent) {
    await turn.recordDecision(uow.tx, decisionRecord(turn, plan.message, plan.agent));
  }
  let handoff: HandoffRef | null = null;
  if (plan.handover) handoff = await handOver(uow, turn, plan.conv, plan.handover);
  else if (!plan.agent) handoff = await turn.handoffs.latest(uow, input.conversationId);
  await recordOutcomeEvents(uow, input.conversationId, plan.events);
  return exchangeView(plan, handoff);
}

/**
 * What the decision's ledger entry records, in the message's transaction so that it exists exactly when
 * the decision does (the ledger keeps the texts only as keyed digests).
 */
function decisionRecord(turn: PreparedTurn, message: MessagesTable, agent: AgentReply): DecisionRecord {
  const { decision, reply, sources } = agent;
  return {
    time: decision.created_at,
    tenantId: decision.tenant_id,
    agentVersion: decision.agent_version,
    conversationId: decision.conversation_id,
    messageId: message.message_id,
    decisionId: decision.decision_id,
    question: message.content,
    reply: reply.content,
    digestKey: turn.digestKey,
    sources,
    confidence: decision.confidence,
    action: decision.action,
    reason: decision.reason,
    latencyUs: decision.latency_us,
  };
}

function exchangeView(plan: TurnPlan, handoff: HandoffRef | null): ExchangeView {
  return {
    conversation: toConversationView(plan.conv, plan.outcome),
    message: toMessageView(plan.message),
    reply: plan.agent ? toMessageView(plan.agent.reply) : null,
    decision: plan.agent ? toDecisionView(plan.agent.decision) : null,
    citations: plan.agent ? [...plan.agent.citations] : [],
    handoff,
  };
}

/** What the agent needs about earlier turns when the customer rejects an answer. */
async function retryContext(uow: UnitOfWork, conversationId: string): Promise<RetryContext> {
  const recent = await uow.tx
    .selectFrom("decisions")
    .innerJoin("messages", (j) =>
      j
        .onRef("messages.tenant_id", "=", "decisions.tenant_id")
        .onRef("messages.message_id", "=", "decisions.message_id"),
    )
    .select([
      "decisions.action",
      "decisions.reason",
      "decisions.answer_label",
      "messages.content",
      "messages.intent",
    ])
    .where("decisions.tenant_id", "=", uow.tenantId)
    .where("decisions.conversation_id", "=", conversationId)
    .orderBy("decisions.created_at", "desc")
    .orderBy("messages.seq", "desc")
    .limit(6)
    .execute();
  const offered: string[] = [];
  let question = "";
  for (const d of recent) {
    if (d.action === "answer" && d.answer_label) offered.push(d.answer_label);
    if (d.intent === "question") {
      question = d.content;
      break;
    }
  }
  return {
    offered,
    question,
    lastAnswerLabel: recent.find((d) => d.answer_label)?.answer_label ?? undefined,
  };
}
