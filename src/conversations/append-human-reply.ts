import { newId } from "../shared/ids.js";
import { insertRows, type MessagesTable, type UnitOfWork } from "../store/index.js";
import { loadForUpdate, updateConversation } from "./conversation-rows.js";

/**
 * A person's reply to the customer, appended to the conversation in the unit's transaction: from now on
 * the conversation counts as handled by a human. Returns the stored message.
 */
export async function appendHumanReply(
  uow: UnitOfWork,
  conversationId: string,
  reply: { readonly author: string; readonly content: string },
): Promise<MessagesTable> {
  const { conv } = await loadForUpdate(uow, conversationId);
  const message: MessagesTable = {
    tenant_id: uow.tenantId,
    message_id: newId("message", uow.now),
    conversation_id: conversationId,
    seq: conv.next_seq,
    role: "human",
    intent: null,
    content: reply.content,
    author_id: reply.author,
    decision_id: null,
    created_at: uow.now,
  };
  await insertRows(uow.tx, "messages", [message]);
  await updateConversation(uow, {
    ...conv,
    next_seq: conv.next_seq + 1,
    last_message_at: uow.now,
    last_role: "human",
    human_involved: 1,
  });
  return message;
}

/** Close a conversation (a person resolved it): it takes no more messages. */
export async function closeConversation(uow: UnitOfWork, conversationId: string): Promise<void> {
  const { conv } = await loadForUpdate(uow, conversationId);
  await updateConversation(uow, { ...conv, status: "closed" });
}
