import type { MessagesTable, StoreDeps, TenantReader } from "../store/index.js";
import {
  assertConversationAccess,
  type ConversationCaller,
  conversationNotFound,
} from "./conversation-access.js";
import { selectConversationsWithOutcome, splitConversationRow } from "./conversation-rows.js";
import type { ConversationDeps } from "./deps.js";
import {
  type ConversationDetailView,
  type ConversationView,
  toConversationView,
  toDecisionView,
  toMessageView,
} from "./views.js";

/** One conversation with its transcript, decisions, handoff and rating. */
export async function getConversation(
  deps: Pick<ConversationDeps, "store" | "handoffs">,
  tenantId: string,
  conversationId: string,
  caller: ConversationCaller,
): Promise<ConversationDetailView> {
  const db = deps.store.db;
  const conv = await db
    .selectFrom("conversations")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("conversation_id", "=", conversationId)
    .executeTakeFirst();
  if (!conv) throw conversationNotFound(conversationId);
  assertConversationAccess(conv, caller);
  const [outcome, messages, decisions, handoff, csat] = await Promise.all([
    db
      .selectFrom("outcomes")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("messages")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId)
      .orderBy("seq")
      .execute(),
    db
      .selectFrom("decisions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at")
      .execute(),
    deps.handoffs.latest({ tx: db, tenantId }, conversationId),
    db
      .selectFrom("csat_ratings")
      .select(["rating", "comment"])
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId)
      .executeTakeFirst(),
  ]);
  return {
    conversation: toConversationView(conv, outcome),
    messages: messages.map(toMessageView),
    decisions: decisions.map(toDecisionView),
    handoff,
    csat: csat ? { rating: csat.rating, comment: csat.comment } : null,
  };
}

/** A conversation's messages in order: who said what, and a customer message's intent. */
export async function readTranscript(
  reader: TenantReader,
  conversationId: string,
): Promise<{ role: MessagesTable["role"]; intent: string | null; content: string }[]> {
  return reader.tx
    .selectFrom("messages")
    .select(["role", "intent", "content"])
    .where("tenant_id", "=", reader.tenantId)
    .where("conversation_id", "=", conversationId)
    .orderBy("seq")
    .execute();
}

interface ListConversationsQuery {
  readonly status?: "open" | "escalated" | "closed" | undefined;
  readonly outcome?: "pending" | "resolved" | "escalated" | "abandoned" | "ineligible" | undefined;
  readonly limit?: number | undefined;
  /** Cursor: the id of the last conversation of the previous page (ids sort by creation time). */
  readonly before?: string | undefined;
}

/** Conversations newest first, one page at a time. */
export async function listConversations(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  q: ListConversationsQuery,
): Promise<{ items: ConversationView[]; next: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  let query = selectConversationsWithOutcome(deps.store.db).where("conversations.tenant_id", "=", tenantId);
  if (q.status) query = query.where("conversations.status", "=", q.status);
  if (q.outcome) query = query.where("outcomes.state", "=", q.outcome);
  if (q.before) query = query.where("conversations.conversation_id", "<", q.before);
  const rows = await query
    .orderBy("conversations.conversation_id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => {
      const { conv, outcome } = splitConversationRow(r);
      return toConversationView(conv, outcome);
    }),
    next: rows.length > limit ? (page.at(-1)?.conversation_id ?? null) : null,
  };
}
