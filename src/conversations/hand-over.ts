import { buildHandoffPacket } from "../agent/index.js";
import { type ConversationsTable, parseJson, type UnitOfWork } from "../store/index.js";
import type { PreparedTurn } from "./deps.js";
import type { Handover } from "./plan-turn.js";
import type { HandoffRef } from "./views.js";

/**
 * Hand a conversation to a person with the agent's turn that escalated it: the handoff packet (summary,
 * transcript, sources, confidence, reason; only the fields the contract's payload allows) is built from
 * the conversation as it now stands, this turn included, and delivered through the HandoffDelivery port.
 */
export async function handOver(
  uow: UnitOfWork,
  turn: PreparedTurn,
  conv: ConversationsTable,
  handover: Handover,
): Promise<HandoffRef> {
  const { tx, tenantId } = uow;
  const [messages, answered] = await Promise.all([
    tx
      .selectFrom("messages")
      .select(["role", "content", "created_at"])
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conv.conversation_id)
      .orderBy("seq")
      .execute(),
    tx
      .selectFrom("decisions")
      .select("answer_label")
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conv.conversation_id)
      .where("action", "=", "answer")
      .where("answer_label", "is not", null)
      .orderBy("created_at")
      .execute(),
  ]);
  const { agent } = turn;
  const packet = buildHandoffPacket({
    conversationId: conv.conversation_id,
    reason: handover.reason,
    detail: handover.detail,
    confidence: handover.confidence,
    sources: handover.sources,
    transcript: messages.map((m) => ({ role: m.role, content: m.content, at: m.created_at })),
    answeredTitles: answered.map(
      (a) => agent.answers.get(a.answer_label ?? "")?.title ?? String(a.answer_label),
    ),
    customerRef: conv.customer_ref,
    metadata: parseJson<Record<string, string>>(conv.metadata, {}),
    agentVersion: agent.versionId,
    now: uow.now,
    payload: turn.handoffPayload,
  });
  return turn.handoffs.deliver(uow, {
    conversationId: conv.conversation_id,
    decisionId: handover.decisionId,
    reason: handover.reason,
    packet,
  });
}
