import type { HandoffDelivery, HandoffRequest } from "../conversations/index.js";
import { newId } from "../shared/ids.js";
import { insertRows, type UnitOfWork } from "../store/index.js";

/** Open a handoff in the inbox. The built-in inbox receives it at once, in the same transaction. */
async function openHandoff(uow: UnitOfWork, request: HandoffRequest) {
  const handoffId = newId("handoff", uow.now);
  await insertRows(uow.tx, "handoffs", [
    {
      tenant_id: uow.tenantId,
      handoff_id: handoffId,
      conversation_id: request.conversationId,
      decision_id: request.decisionId,
      reason: request.reason,
      status: "open",
      // Empty when the contract's payload leaves the summary out (the column holds text).
      summary: request.packet.summary ?? "",
      packet: JSON.stringify(request.packet),
      target: "inbox",
      created_at: uow.now,
      delivered_at: uow.now,
      claimed_by: null,
      claimed_at: null,
      first_action_at: null,
      resolved_at: null,
      resolution: null,
      resolution_article_id: null,
      learning: "none",
    },
  ]);
  return { id: handoffId, status: "open", reason: request.reason };
}

/** The built-in inbox as the place conversations hand over to (wired at the composition root). */
export const inboxDelivery: HandoffDelivery = {
  deliver: openHandoff,

  async latest({ tx, tenantId }, conversationId) {
    const h = await tx
      .selectFrom("handoffs")
      .select(["handoff_id", "status", "reason"])
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    return h ? { id: h.handoff_id, status: h.status, reason: h.reason } : null;
  },

  async countActive({ tx, tenantId }) {
    const open = await tx
      .selectFrom("handoffs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("status", "in", ["open", "claimed"])
      .executeTakeFirstOrThrow();
    return Number(open.n);
  },
};
