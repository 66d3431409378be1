import { buildHandoffPacket } from "../agent/index.js";
import { newId } from "../shared/ids.js";
import { type ConversationsTable, insertRows, parseJson, type UnitOfWork } from "../store/index.js";
import type { PreparedTurn } from "./deps.js";
import type { Handover } from "./plan-turn.js";
import type { HandoffRef } from "./views.js";

/**
 * Hand a conversation to a person with the agent's turn that escalated it: the handoff packet (summary,
 * transcript, sources, confidence, reason; only the fields the contract's payload allows) is built from
 * the conversation as it now stands, this turn included, and delivered to the built-in inbox.
 */
export async function handOver(
  uow: UnitOfWork,
  turn: PreparedTurn,
  conv: ConversationsTable,
  handover: Handover,
): Promise<HandoffRef> {
  const { tx, tenantId, now } = uow;
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
    now,
    payload: turn.handoffPayload,
  });
  const handoffId = newId("handoff", now);
  await insertRows(tx, uow.dialect, "handoffs", [
    {
      tenant_id: tenantId,
      handoff_id: handoffId,
      conversation_id: conv.conversation_id,
      decision_id: handover.decisionId,
      reason: handover.reason,
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
  return { id: handoffId, status: "open", reason: handover.reason };
}
