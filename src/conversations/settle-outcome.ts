import { newId } from "../shared/ids.js";
import {
  type ConversationsTable,
  type Db,
  defineQuery,
  insertRows,
  type OutcomesTable,
  type UnitOfWork,
} from "../store/index.js";
import { type OutcomeEvent, type OutcomeWindows, settle } from "./outcome-rules.js";

/**
 * Apply the time-driven outcome transitions due now to one conversation, in the unit's transaction, and
 * record each as an outcome event. Returns the updated outcome row. The conversation is judged by the
 * windows recorded when it started (`inForce` only for a row without them).
 */
export async function settleOutcome(
  uow: UnitOfWork,
  conv: ConversationsTable,
  outcome: OutcomesTable,
  inForce: OutcomeWindows,
): Promise<OutcomesTable> {
  const change = settle(outcome, conv, inForce, uow.now);
  if (change.events.length === 0) return outcome;
  await recordOutcomeEvents(uow, conv.conversation_id, change.events);
  await writeOutcome(uow, change.outcome);
  return change.outcome;
}

/** Append events to a conversation's outcome history. */
export async function recordOutcomeEvents(
  uow: UnitOfWork,
  conversationId: string,
  events: readonly OutcomeEvent[],
): Promise<void> {
  await insertRows(
    uow.tx,
    "outcome_events",
    events.map((e) => ({
      tenant_id: uow.tenantId,
      event_id: newId("event", e.at),
      conversation_id: conversationId,
      kind: e.kind,
      detail: e.detail,
      at: e.at,
    })),
  );
}

const updateOutcomeRow = defineQuery((db: Db, o: OutcomesTable) =>
  db
    .updateTable("outcomes")
    .set({
      state: o.state,
      resolution: o.resolution,
      eligible: o.eligible,
      resolved_at: o.resolved_at,
      durable_at: o.durable_at,
      reopen_count: o.reopen_count,
      updated_at: o.updated_at,
    })
    .where("tenant_id", "=", o.tenant_id)
    .where("conversation_id", "=", o.conversation_id),
);

export async function writeOutcome(uow: UnitOfWork, o: OutcomesTable): Promise<void> {
  await updateOutcomeRow(uow.tx, o);
}
