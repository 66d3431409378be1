import { VouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import {
  assertConversationAccess,
  type ConversationCaller,
  conversationNotFound,
} from "./conversation-access.js";
import { iso } from "./views.js";

interface CsatView {
  readonly conversationId: string;
  readonly rating: number;
  readonly comment: string | null;
  readonly handledBy: "ai" | "human";
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The customer's 1–5 rating of a conversation. One rating per conversation: rating again replaces it
 * (the customer changed their mind) and keeps the first time. Whether AI or a human handled it is fixed
 * from the conversation at rating time, for the CSAT baseline comparison.
 */
export async function rateConversation(
  deps: StoreDeps,
  input: {
    tenantId: string;
    conversationId: string;
    rating: number;
    comment?: string | undefined;
    caller: ConversationCaller;
  },
): Promise<CsatView> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new VouchError("VALIDATION_FAILED", "rating must be an integer from 1 to 5", [
      { path: "/rating", message: "out of range" },
    ]);
  }
  const now = deps.clock.now();
  return deps.store.transaction(async (trx) => {
    const conv = await trx
      .selectFrom("conversations")
      .select(["conversation_id", "human_involved", "status", "token_hash"])
      .where("tenant_id", "=", input.tenantId)
      .where("conversation_id", "=", input.conversationId)
      .executeTakeFirst();
    if (!conv) throw conversationNotFound(input.conversationId);
    assertConversationAccess(conv, input.caller);
    const handledBy = conv.human_involved === 1 || conv.status !== "open" ? "human" : "ai";
    const existing = await trx
      .selectFrom("csat_ratings")
      .select("created_at")
      .where("tenant_id", "=", input.tenantId)
      .where("conversation_id", "=", input.conversationId)
      .executeTakeFirst();
    const row = {
      tenant_id: input.tenantId,
      conversation_id: input.conversationId,
      rating: input.rating,
      comment: input.comment ?? null,
      handled_by: handledBy,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    } as const;
    if (existing) {
      await trx
        .updateTable("csat_ratings")
        .set({ rating: row.rating, comment: row.comment, handled_by: row.handled_by, updated_at: now })
        .where("tenant_id", "=", input.tenantId)
        .where("conversation_id", "=", input.conversationId)
        .execute();
    } else {
      await trx.insertInto("csat_ratings").values(row).execute();
    }
    return {
      conversationId: input.conversationId,
      rating: row.rating,
      comment: row.comment,
      handledBy,
      createdAt: iso(row.created_at),
      updatedAt: iso(now),
    };
  });
}
