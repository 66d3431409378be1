import {
  type ConversationsTable,
  type Db,
  defineQuery,
  insertRowsTogether,
  lockRows,
  type OutcomesTable,
  type RowGroup,
  type UnitOfWork,
} from "../store/index.js";
import {
  assertConversationAccess,
  type ConversationCaller,
  conversationNotFound,
  STAFF_CALLER,
} from "./conversation-access.js";
import type { TurnPlan } from "./plan-turn.js";
import { writeOutcome } from "./settle-outcome.js";

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
  uow: UnitOfWork,
  conversationId: string,
  caller: ConversationCaller = STAFF_CALLER,
): Promise<{ conv: ConversationsTable; outcome: OutcomesTable }> {
  await lockConversation(uow.tx, uow.tenantId, conversationId);
  const row = (await selectConversationForUpdate(uow.tx, uow.tenantId, conversationId)).rows[0];
  if (!row) throw conversationNotFound(conversationId);
  const loaded = splitConversationRow(row);
  assertConversationAccess(loaded.conv, caller);
  return loaded;
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

export async function updateConversation(uow: UnitOfWork, c: ConversationsTable): Promise<void> {
  await updateConversationRow(uow.tx, c);
}

/**
 * Write a turn's rows: the conversation and its outcome (inserted for a conversation the message starts,
 * else updated), the messages and the decision. The inserts go together (one statement on PostgreSQL).
 */
export async function saveTurn(uow: UnitOfWork, plan: TurnPlan, starts: boolean): Promise<void> {
  const exchange: RowGroup[] = plan.agent
    ? [
        { table: "messages", rows: [plan.message, plan.agent.reply] },
        { table: "decisions", rows: [plan.agent.decision] },
      ]
    : [{ table: "messages", rows: [plan.message] }];
  if (starts) {
    await insertRowsTogether(uow.tx, [
      { table: "conversations", rows: [plan.conv] },
      { table: "outcomes", rows: [plan.outcome] },
      ...exchange,
    ]);
    return;
  }
  await updateConversation(uow, plan.conv);
  await writeOutcome(uow, plan.outcome);
  await insertRowsTogether(uow.tx, exchange);
}
