import { type ConversationsTable, type Db, lockRows, type OutcomesTable } from "../store/index.js";

/** The outcome columns read beside a conversation (the outcome row minus its keys, which it shares). */
type OutcomeColumns = Omit<OutcomesTable, "tenant_id" | "conversation_id">;

/**
 * Serialise writers of one conversation: its row stays locked for the rest of the transaction (on
 * PostgreSQL a row lock; on SQLite the transaction's write lock already covers it). Taken before the
 * conversation is read, so that the read sees what the writer before committed.
 */
export function lockConversation(trx: Db, tenantId: string, conversationId: string): Promise<void> {
  return lockRows(
    trx,
    trx
      .selectFrom("conversations")
      .select("conversation_id")
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "=", conversationId),
  );
}

/** Conversations joined to their outcomes, every column of both: the message path and the list read it. */
export function selectConversationsWithOutcome(db: Db) {
  return db
    .selectFrom("conversations")
    .innerJoin("outcomes", (j) =>
      j
        .onRef("outcomes.tenant_id", "=", "conversations.tenant_id")
        .onRef("outcomes.conversation_id", "=", "conversations.conversation_id"),
    )
    .selectAll("conversations")
    .select([
      "outcomes.state",
      "outcomes.resolution",
      "outcomes.eligible",
      "outcomes.resolved_at",
      "outcomes.durable_at",
      "outcomes.reopen_count",
      "outcomes.updated_at",
      "outcomes.inactivity_ms",
      "outcomes.durability_ms",
    ]);
}

/** Split a row of {@link selectConversationsWithOutcome} into its conversation and outcome rows. */
export function splitConversationRow(row: ConversationsTable & OutcomeColumns): {
  conv: ConversationsTable;
  outcome: OutcomesTable;
} {
  const {
    state,
    resolution,
    eligible,
    resolved_at,
    durable_at,
    reopen_count,
    updated_at,
    inactivity_ms,
    durability_ms,
    ...conv
  } = row;
  return {
    conv,
    outcome: {
      tenant_id: conv.tenant_id,
      conversation_id: conv.conversation_id,
      state,
      resolution,
      eligible,
      resolved_at,
      durable_at,
      reopen_count,
      updated_at,
      inactivity_ms,
      durability_ms,
    },
  };
}
