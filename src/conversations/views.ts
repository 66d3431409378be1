import Type, { type Static } from "typebox";
import { DAY, HOUR } from "../shared/clock.js";
import type { ConversationsTable, DecisionsTable, MessagesTable, OutcomesTable } from "../store/index.js";
import { parseJson } from "../store/index.js";

/**
 * Public shapes of conversations, messages and decisions: one TypeBox definition each, used for the
 * TypeScript type, the response validation and the OpenAPI document. Times are RFC 3339 strings.
 */
const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const MessageView = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  seq: Type.Integer(),
  role: Type.Enum(["customer", "ai", "human", "system"]),
  intent: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  authorId: Type.Union([Type.String(), Type.Null()]),
  decisionId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Time,
});
export type MessageView = Static<typeof MessageView>;

export const SourceView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  score: Type.Number(),
  /** Each ranker's evidence for a passage (decisions made before passages have none). */
  lexical: Type.Optional(Type.Number()),
  coverage: Type.Optional(Type.Number()),
  learned: Type.Optional(Type.Number()),
});
export type SourceView = Static<typeof SourceView>;

export const DecisionView = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  action: Type.Enum(["answer", "escalate"]),
  reason: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  confidence: Type.Number(),
  agentVersion: Type.String(),
  answerId: Type.Union([Type.String(), Type.Null()]),
  sources: Type.Array(SourceView),
  latencyUs: Type.Integer(),
  createdAt: Time,
});
export type DecisionView = Static<typeof DecisionView>;

export const OutcomeView = Type.Object({
  state: Type.Enum(["pending", "resolved", "escalated", "abandoned", "ineligible"]),
  resolution: Type.Union([Type.Enum(["confirmed", "assumed"]), Type.Null()]),
  eligible: Type.Boolean(),
  resolvedAt: NullableTime,
  durableAt: NullableTime,
  reopenCount: Type.Integer(),
  windows: Type.Union(
    [Type.Object({ inactivityHours: Type.Number(), durabilityDays: Type.Number() }), Type.Null()],
    {
      description:
        "The outcome windows this conversation is judged by: those in force when it started (a later contract does not change them); null for a conversation started before they were recorded, judged by those in force now",
    },
  ),
});

export const ConversationView = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  customerRef: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(["open", "escalated", "closed"]),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.String()),
  outcome: OutcomeView,
  createdAt: Time,
  lastMessageAt: Time,
});
export type ConversationView = Static<typeof ConversationView>;

export const HandoffRef = Type.Object({ id: Type.String(), status: Type.String(), reason: Type.String() });
export type HandoffRef = Static<typeof HandoffRef>;

/** A knowledge-base article the reply quotes (the reply's text ends with the same citation). */
export const CitationView = Type.Object({
  articleId: Type.String(),
  title: Type.String(),
  slug: Type.Union([Type.String(), Type.Null()]),
  /** The heading of the cited section; null for the top of the article. */
  section: Type.Union([Type.String(), Type.Null()]),
  /** The section's anchor in the article (`/kb/<slug>#<anchor>`); null for the top. */
  anchor: Type.Union([Type.String(), Type.Null()]),
});
export type CitationView = Static<typeof CitationView>;

export const ExchangeView = Type.Object({
  conversation: ConversationView,
  message: MessageView,
  reply: Type.Union([MessageView, Type.Null()]),
  decision: Type.Union([DecisionView, Type.Null()]),
  citations: Type.Array(CitationView),
  handoff: Type.Union([HandoffRef, Type.Null()]),
});
export type ExchangeView = Static<typeof ExchangeView>;

export const ConversationDetailView = Type.Object({
  conversation: ConversationView,
  messages: Type.Array(MessageView),
  decisions: Type.Array(DecisionView),
  handoff: Type.Union([HandoffRef, Type.Null()]),
  csat: Type.Union([
    Type.Object({ rating: Type.Integer(), comment: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});
export type ConversationDetailView = Static<typeof ConversationDetailView>;

export const toMessageView = (m: MessagesTable): MessageView => ({
  id: m.message_id,
  conversationId: m.conversation_id,
  seq: m.seq,
  role: m.role,
  intent: m.intent,
  content: m.content,
  authorId: m.author_id,
  decisionId: m.decision_id,
  createdAt: iso(m.created_at),
});

export const toDecisionView = (d: DecisionsTable): DecisionView => ({
  id: d.decision_id,
  messageId: d.message_id,
  action: d.action,
  reason: d.reason,
  detail: d.detail,
  confidence: d.confidence,
  agentVersion: d.agent_version,
  answerId: d.answer_label,
  sources: parseJson<SourceView[]>(d.sources, []),
  latencyUs: d.latency_us,
  createdAt: iso(d.created_at),
});

export const toConversationView = (c: ConversationsTable, o: OutcomesTable): ConversationView => ({
  id: c.conversation_id,
  channel: c.channel,
  customerRef: c.customer_ref,
  status: c.status,
  agentVersion: c.agent_version,
  metadata: parseJson<Record<string, string>>(c.metadata, {}),
  outcome: {
    state: o.state,
    resolution: o.resolution,
    eligible: o.eligible === 1,
    resolvedAt: isoOrNull(o.resolved_at),
    durableAt: isoOrNull(o.durable_at),
    reopenCount: o.reopen_count,
    windows:
      o.inactivity_ms === null || o.durability_ms === null
        ? null
        : { inactivityHours: o.inactivity_ms / HOUR, durabilityDays: o.durability_ms / DAY },
  },
  createdAt: iso(c.created_at),
  lastMessageAt: iso(c.last_message_at),
});
