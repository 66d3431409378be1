import { newId } from "../shared/ids.js";
import {
  type ConversationsTable,
  type Db,
  defineQuery,
  insertRows,
  type OutcomesTable,
} from "../store/index.js";
import { dueTransitions, type OutcomeWindows } from "./outcome-rules.js";

/**
 * The windows a conversation is judged by: those recorded when it started, or `inForce` (the windows in
 * force now) for a row written by a process older than migration 0009.
 */
function windowsOf(outcome: OutcomesTable, inForce: OutcomeWindows): OutcomeWindows {
  return outcome.inactivity_ms === null || outcome.durability_ms === null
    ? inForce
    : { inactivityMs: outcome.inactivity_ms, durabilityMs: outcome.durability_ms };
}

/**
 * Apply the time-driven outcome transitions due by `now` to one conversation, inside the caller's
 * transaction, and record each as an outcome event. Returns the updated outcome row. The conversation is
 * judged by the windows recorded when it started (`inForce` only for a row without them).
 */
export async function settleOutcome(
  trx: Db,
  conv: ConversationsTable,
  outcome: OutcomesTable,
  inForce: OutcomeWindows,
  now: number,
): Promise<OutcomesTable> {
  const windows = windowsOf(outcome, inForce);
  const transitions = dueTransitions(
    {
      state: outcome.state,
      eligible: outcome.eligible === 1,
      resolvedAt: outcome.resolved_at,
      durableAt: outcome.durable_at,
      lastMessageAt: conv.last_message_at,
      lastRole: conv.last_role,
      lastAiAction: conv.last_ai_action,
    },
    windows,
    now,
  );
  if (transitions.length === 0) return outcome;
  let next: OutcomesTable = { ...outcome, updated_at: now };
  for (const t of transitions) {
    switch (t.kind) {
      case "resolved":
        next = { ...next, state: "resolved", resolution: "assumed", resolved_at: t.resolvedAt };
        break;
      case "durable":
        next = { ...next, durable_at: t.at };
        break;
      case "abandoned":
      case "ineligible":
        next = { ...next, state: t.kind };
        break;
    }
    await recordOutcomeEvent(trx, conv.tenant_id, conv.conversation_id, t.kind, t.at, null);
  }
  await writeOutcome(trx, next);
  return next;
}

export async function recordOutcomeEvent(
  trx: Db,
  tenantId: string,
  conversationId: string,
  kind: "resolved" | "durable" | "reopened" | "escalated" | "abandoned" | "ineligible",
  at: number,
  detail: string | null,
): Promise<void> {
  await insertRows(trx, "outcome_events", [
    { tenant_id: tenantId, event_id: newId("event", at), conversation_id: conversationId, kind, detail, at },
  ]);
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

export async function writeOutcome(trx: Db, o: OutcomesTable): Promise<void> {
  await updateOutcomeRow(trx, o);
}
