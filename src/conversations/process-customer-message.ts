import {
  type AgentModel,
  buildHandoffPacket,
  composeAnswer,
  composeReply,
  decideTurn,
  detectSignals,
  type HandoffField,
  type TurnDecision,
} from "../agent/index.js";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { ConversationsTable, Db, MessagesTable, OutcomesTable } from "../store/index.js";
import { defineQuery, insertRows, parseJson } from "../store/index.js";
import {
  assertConversationAccess,
  type ConversationCaller,
  conversationNotFound,
  STAFF_CALLER,
} from "./conversation-access.js";
import {
  lockConversation,
  selectConversationsWithOutcome,
  splitConversationRow,
} from "./conversation-rows.js";
import type { PreparedTurn } from "./deps.js";
import { windowsFrom } from "./outcome-rules.js";
import { recordOutcomeEvent, settleOutcome, writeOutcome } from "./settle-outcome.js";
import { type ExchangeView, toConversationView, toDecisionView, toMessageView } from "./views.js";

const selectConversationForUpdate = defineQuery((db: Db, tenantId: string, conversationId: string) =>
  selectConversationsWithOutcome(db)
    .where("conversations.tenant_id", "=", tenantId)
    .where("conversations.conversation_id", "=", conversationId),
);

/**
 * Load a conversation and its outcome for update (locked on PostgreSQL), or fail with NOT_FOUND — also
 * when `caller` is an end customer without the conversation's token.
 */
export async function loadForUpdate(
  trx: Db,
  tenantId: string,
  conversationId: string,
  caller: ConversationCaller = STAFF_CALLER,
): Promise<{ conv: ConversationsTable; outcome: OutcomesTable }> {
  await lockConversation(trx, tenantId, conversationId);
  const row = (await selectConversationForUpdate(trx, tenantId, conversationId)).rows[0];
  if (!row) throw conversationNotFound(conversationId);
  const loaded = splitConversationRow(row);
  assertConversationAccess(loaded.conv, caller);
  return loaded;
}

/** What the agent needs about earlier turns when the customer rejects an answer. */
async function retryContext(trx: Db, tenantId: string, conversationId: string) {
  const recent = await trx
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
    .where("decisions.tenant_id", "=", tenantId)
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

/**
 * Handle one customer message inside the caller's transaction: settle the outcome as of now (a message
 * after the inactivity window lands on a resolved conversation and reopens it), store the message, let
 * the agent decide, store the decision and the reply or the handoff, and update conversation and
 * outcome. Everything commits together or not at all.
 */
export async function processCustomerMessage(
  trx: Db,
  turn: PreparedTurn,
  conversationId: string,
  content: string,
  now: number,
  /**
   * The rows of a conversation this message starts, not yet written: they are inserted once, in their
   * state after the message, instead of inserted and then updated.
   */
  unsaved?: { conv: ConversationsTable; outcome: OutcomesTable },
  /** Who sends it: an end customer must hold the conversation's token (see assertConversationAccess). */
  caller: ConversationCaller = STAFF_CALLER,
): Promise<ExchangeView> {
  const { tenant, agent } = turn;
  const settings = tenant.settings;
  // Only for a conversation without recorded windows: each is judged by those in force when it started.
  const windows = windowsFrom(settings);
  const loaded = unsaved ?? (await loadForUpdate(trx, tenant.id, conversationId, caller));
  let conv = loaded.conv;
  if (conv.status === "closed") {
    throw new VouchError("CONVERSATION_CLOSED", "this conversation is closed; start a new conversation");
  }
  let outcome = await settleOutcome(trx, conv, loaded.outcome, windows, now);
  if (outcome.state === "resolved" && outcome.durable_at !== null) {
    throw new VouchError(
      "CONVERSATION_CLOSED",
      "this conversation's resolution is durable; start a new conversation",
    );
  }

  const afterAnswer = conv.last_role === "ai" && conv.last_ai_action === "answer";
  const signals = detectSignals(content, settings, afterAnswer);
  const substantive = signals.intent === "question" || signals.intent === "failure" || signals.wantsHuman;
  if (substantive && outcome.state === "resolved") {
    outcome = {
      ...outcome,
      state: "pending",
      resolution: null,
      resolved_at: null,
      reopen_count: outcome.reopen_count + 1,
    };
    await recordOutcomeEvent(trx, tenant.id, conversationId, "reopened", now, null);
  } else if (substantive && (outcome.state === "abandoned" || outcome.state === "ineligible")) {
    outcome = { ...outcome, state: "pending" };
  }

  const decisionId = newId("decision", now);
  const message: MessagesTable = {
    tenant_id: tenant.id,
    message_id: newId("message", now),
    conversation_id: conversationId,
    seq: conv.next_seq,
    role: "customer",
    intent: signals.intent,
    content,
    author_id: null,
    decision_id: conv.status === "escalated" ? null : decisionId,
    created_at: now,
  };
  if (conv.status === "escalated") {
    await insertRows(trx, "messages", [message]);
    // A person owns the conversation now; the agent stays quiet and the message waits in the inbox.
    conv = {
      ...conv,
      next_seq: conv.next_seq + 1,
      last_message_at: now,
      last_role: "customer",
      last_intent: signals.intent,
    };
    await updateConversation(trx, conv);
    if (substantive && outcome.eligible === 0) {
      outcome = { ...outcome, eligible: 1, updated_at: now };
    }
    await writeOutcome(trx, { ...outcome, updated_at: now });
    const handoff = await trx
      .selectFrom("handoffs")
      .select(["handoff_id", "status", "reason"])
      .where("tenant_id", "=", tenant.id)
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    return {
      conversation: toConversationView(conv, outcome),
      message: toMessageView(message),
      reply: null,
      decision: null,
      citations: [],
      handoff: handoff ? { id: handoff.handoff_id, status: handoff.status, reason: handoff.reason } : null,
    };
  }

  const started = process.hrtime.bigint();
  const ctx =
    signals.intent === "failure"
      ? await retryContext(trx, tenant.id, conversationId)
      : { offered: [] as string[], question: "", lastAnswerLabel: undefined };
  let decision: TurnDecision = decideTurn(
    {
      settings,
      signals,
      failureStreak: conv.failure_streak,
      lastAnswerLabel: ctx.lastAnswerLabel,
      offeredLabels: ctx.offered,
    },
    {
      current: () => agent.model.resolve(content, 5),
      retry: () => agent.model.resolve(`${ctx.question} ${content}`, 8),
    },
  );
  const answerSource = decision.label ? agent.answers.get(decision.label) : undefined;
  if (decision.action === "answer" && decision.label && !answerSource) {
    // The model knows a label the answer table does not (cannot happen with one training pass); never
    // answer with nothing — hand over instead.
    decision = { ...decision, action: "escalate", reason: "low_confidence", label: undefined };
  }
  const latencyUs = Number((process.hrtime.bigint() - started) / 1000n);
  const replyText =
    decision.action === "answer" && answerSource
      ? composeAnswer(answerSource, decision.reason)
      : composeReply(decision.reason);
  const sources = decision.candidates.slice(0, 3).map((c) => ({
    id: c.label,
    title: agent.answers.get(c.label)?.title ?? c.label,
    score: Math.round(c.score * 1e4) / 1e4,
  }));
  const confidence = Math.round(decision.confidence * 1e4) / 1e4;
  const reply: MessagesTable = {
    tenant_id: tenant.id,
    message_id: newId("message", now),
    conversation_id: conversationId,
    seq: conv.next_seq + 1,
    role: "ai",
    intent: null,
    content: replyText,
    author_id: agent.versionId,
    decision_id: decisionId,
    created_at: now,
  };
  const decisionRow = {
    tenant_id: tenant.id,
    decision_id: decisionId,
    conversation_id: conversationId,
    message_id: message.message_id,
    reply_message_id: reply.message_id,
    agent_version: agent.versionId,
    action: decision.action,
    reason: decision.reason,
    detail: decision.detail ?? null,
    confidence,
    answer_label: decision.action === "answer" ? (decision.label ?? null) : null,
    sources: JSON.stringify(sources),
    latency_us: latencyUs,
    created_at: now,
  } as const;
  conv = {
    ...conv,
    next_seq: conv.next_seq + 2,
    last_message_at: now,
    last_role: "ai",
    last_intent: signals.intent,
    last_ai_action:
      decision.action === "escalate"
        ? "escalate"
        : decision.reason === "answered" || decision.reason === "retry_answer"
          ? "answer"
          : "reply",
    failure_streak: decision.failureStreak,
    agent_version: agent.versionId,
    status: decision.action === "escalate" ? "escalated" : conv.status,
  };
  const events: { kind: "escalated" | "resolved"; detail: string }[] = [];
  if (decision.action === "escalate") {
    outcome = { ...outcome, state: "escalated" };
    events.push({ kind: "escalated", detail: decision.reason });
  } else if (decision.reason === "acknowledged") {
    if (outcome.state === "pending" && outcome.eligible === 1) {
      outcome = { ...outcome, state: "resolved", resolution: "confirmed", resolved_at: now };
      events.push({ kind: "resolved", detail: "confirmed" });
    } else if (outcome.state === "resolved") {
      outcome = { ...outcome, resolution: "confirmed" };
    }
  }
  if (decision.isQuestion) outcome = { ...outcome, eligible: 1 };
  outcome = { ...outcome, updated_at: now };

  // The conversation first (the rows below reference it), then both messages, the decision that
  // references the customer's, and the decision's ledger entry: recorded with them (on PostgreSQL in the
  // same statement), in this transaction, so it exists exactly when the decision does. Texts are in the
  // entry only as keyed digests: the public log never holds what the customer wrote.
  if (unsaved) {
    await insertRows(trx, "conversations", [conv]);
    await insertRows(trx, "outcomes", [outcome]);
  } else {
    await updateConversation(trx, conv);
    await writeOutcome(trx, outcome);
  }
  await turn.recordDecision(
    trx,
    {
      time: now,
      tenantId: tenant.id,
      agentVersion: agent.versionId,
      conversationId,
      messageId: message.message_id,
      decisionId,
      question: content,
      reply: replyText,
      digestKey: turn.digestKey,
      sources,
      confidence,
      action: decision.action,
      reason: decision.reason,
      latencyUs,
    },
    [
      { table: "messages", rows: [message, reply] },
      { table: "decisions", rows: [decisionRow] },
    ],
  );
  const handoff: ExchangeView["handoff"] =
    decision.action === "escalate"
      ? await openHandoff(
          trx,
          tenant.id,
          conv,
          agent,
          decision,
          decisionId,
          sources,
          confidence,
          now,
          turn.handoffPayload,
        )
      : null;
  for (const e of events) {
    await recordOutcomeEvent(trx, tenant.id, conversationId, e.kind, now, e.detail);
  }

  return {
    conversation: toConversationView(conv, outcome),
    message: toMessageView(message),
    reply: toMessageView(reply),
    decision: toDecisionView(decisionRow),
    citations:
      decision.action === "answer" && answerSource?.kind === "article"
        ? [{ articleId: answerSource.id, title: answerSource.title, slug: answerSource.slug ?? null }]
        : [],
    handoff,
  };
}

const updateConversationRow = defineQuery((db: Db, c: ConversationsTable) =>
  db
    .updateTable("conversations")
    .set({
      status: c.status,
      next_seq: c.next_seq,
      failure_streak: c.failure_streak,
      human_involved: c.human_involved,
      agent_version: c.agent_version,
      last_role: c.last_role,
      last_intent: c.last_intent,
      last_ai_action: c.last_ai_action,
      last_message_at: c.last_message_at,
    })
    .where("tenant_id", "=", c.tenant_id)
    .where("conversation_id", "=", c.conversation_id),
);

export async function updateConversation(trx: Db, c: ConversationsTable): Promise<void> {
  await updateConversationRow(trx, c);
}

async function openHandoff(
  trx: Db,
  tenantId: string,
  conv: ConversationsTable,
  agent: AgentModel,
  decision: TurnDecision,
  decisionId: string | null,
  sources: readonly { id: string; title: string; score: number }[],
  confidence: number,
  now: number,
  payload: readonly HandoffField[],
): Promise<NonNullable<ExchangeView["handoff"]>> {
  const [messages, answered] = await Promise.all([
    trx
      .selectFrom("messages")
      .select(["role", "content", "created_at"])
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conv.conversation_id)
      .orderBy("seq")
      .execute(),
    trx
      .selectFrom("decisions")
      .select("answer_label")
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conv.conversation_id)
      .where("action", "=", "answer")
      .where("answer_label", "is not", null)
      .orderBy("created_at")
      .execute(),
  ]);
  const packet = buildHandoffPacket({
    conversationId: conv.conversation_id,
    reason: decision.reason,
    detail: decision.detail,
    confidence,
    sources,
    transcript: messages.map((m) => ({ role: m.role, content: m.content, at: m.created_at })),
    answeredTitles: answered.map(
      (a) => agent.answers.get(a.answer_label ?? "")?.title ?? String(a.answer_label),
    ),
    customerRef: conv.customer_ref,
    metadata: parseJson<Record<string, string>>(conv.metadata, {}),
    agentVersion: agent.versionId,
    now,
    payload,
  });
  const handoffId = newId("handoff", now);
  await insertRows(trx, "handoffs", [
    {
      tenant_id: tenantId,
      handoff_id: handoffId,
      conversation_id: conv.conversation_id,
      decision_id: decisionId,
      reason: decision.reason,
      status: "open",
      // Empty when the contract's payload leaves the summary out (the column holds text).
      summary: packet.summary ?? "",
      packet: JSON.stringify(packet),
      target: "inbox",
      created_at: now,
      // The built-in inbox receives the handoff in this same transaction.
      delivered_at: now,
      claimed_by: null,
      claimed_at: null,
      first_action_at: null,
      resolved_at: null,
      resolution: null,
      resolution_article_id: null,
      learning: "none",
    },
  ]);
  return { id: handoffId, status: "open", reason: decision.reason };
}
