import Type, { type Static } from "typebox";
import {
  CitationView,
  type ConversationDetailView,
  type ConversationView,
  type ExchangeView,
  type MessageView,
} from "./views.js";

/**
 * What an end customer (a widget key) may see of a conversation: the messages, the articles a reply
 * cites, whether a person has it, their own rating. Never the agent's internals — decisions, confidence,
 * source scores, escalation reasons, agent versions, outcome accounting — nor what the tenant attached
 * (customer reference, metadata). Every response to a widget key goes through these functions, and the
 * routes serialise it with exactly these schemas, so a field added to a staff view stays out of them.
 */
const Time = Type.String({ format: "date-time" });

export const CustomerMessageView = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  seq: Type.Integer(),
  role: Type.Enum(["customer", "ai", "human", "system"]),
  content: Type.String(),
  createdAt: Time,
});
export type CustomerMessageView = Static<typeof CustomerMessageView>;

export const CustomerConversationView = Type.Object({
  id: Type.String(),
  status: Type.Enum(["open", "escalated", "closed"]),
  createdAt: Time,
  lastMessageAt: Time,
});

/** Whether a person has the conversation: `open` (waiting), `claimed` (someone is on it), `resolved`. */
const CustomerHandoffView = Type.Object({ status: Type.String() });

export const CustomerExchangeView = Type.Object({
  conversation: CustomerConversationView,
  message: CustomerMessageView,
  reply: Type.Union([CustomerMessageView, Type.Null()]),
  citations: Type.Array(CitationView),
  handoff: Type.Union([CustomerHandoffView, Type.Null()]),
});
export type CustomerExchangeView = Static<typeof CustomerExchangeView>;

export const CustomerConversationDetailView = Type.Object({
  conversation: CustomerConversationView,
  messages: Type.Array(CustomerMessageView),
  handoff: Type.Union([CustomerHandoffView, Type.Null()]),
  csat: Type.Union([
    Type.Object({ rating: Type.Integer(), comment: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});
export type CustomerConversationDetailView = Static<typeof CustomerConversationDetailView>;

const customerMessage = (m: MessageView): CustomerMessageView => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  role: m.role,
  content: m.content,
  createdAt: m.createdAt,
});

const customerConversation = (c: ConversationView) => ({
  id: c.id,
  status: c.status,
  createdAt: c.createdAt,
  lastMessageAt: c.lastMessageAt,
});

const customerHandoff = (h: { status: string } | null) => (h ? { status: h.status } : null);

/** The customer's view of one exchange (a message and the agent's answer or handoff). */
export function toCustomerExchange(x: ExchangeView): CustomerExchangeView {
  return {
    conversation: customerConversation(x.conversation),
    message: customerMessage(x.message),
    reply: x.reply ? customerMessage(x.reply) : null,
    citations: x.citations.map((c) => ({
      articleId: c.articleId,
      title: c.title,
      slug: c.slug,
      section: c.section,
      anchor: c.anchor,
    })),
    handoff: customerHandoff(x.handoff),
  };
}

/** The customer's view of a whole conversation. */
export function toCustomerDetail(d: ConversationDetailView): CustomerConversationDetailView {
  return {
    conversation: customerConversation(d.conversation),
    messages: d.messages.map(customerMessage),
    handoff: customerHandoff(d.handoff),
    csat: d.csat,
  };
}
