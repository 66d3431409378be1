import { MAX_MESSAGE_CHARS, normaliseMessage } from "../agent/index.js";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  type ConversationsTable,
  type IdempotencyRequest,
  insertRowsTogether,
  type OutcomesTable,
  runIdempotent,
  type StoredResponse,
  type UnitOfWork,
} from "../store/index.js";
import type { Tenant } from "../tenants/index.js";
import { type ConversationCaller, newConversationToken } from "./conversation-access.js";
import { type ConversationDeps, prepareAgent, unitOfWork } from "./deps.js";
import { type OutcomeWindows, windowsFrom } from "./outcome-rules.js";
import { processCustomerMessage } from "./process-customer-message.js";
import type { ExchangeView } from "./views.js";

export function checkContent(raw: string): string {
  const content = normaliseMessage(raw);
  if (content.length === 0) {
    throw new VouchError("VALIDATION_FAILED", "message content is empty", [
      { path: "/content", message: "empty" },
    ]);
  }
  if (content.length > MAX_MESSAGE_CHARS) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `message content is longer than ${MAX_MESSAGE_CHARS} characters`,
      [{ path: "/content", message: "too long" }],
    );
  }
  return content;
}

/** A customer message to an existing conversation; answered (or handed over) in the same call. */
export async function postCustomerMessage(
  deps: ConversationDeps,
  input: {
    tenantId: string;
    conversationId: string;
    content: string;
    caller: ConversationCaller;
    tenant?: Tenant | undefined;
  },
  idem?: IdempotencyRequest,
): Promise<StoredResponse<ExchangeView>> {
  const content = checkContent(input.content);
  const turn = await prepareAgent(deps, input.tenantId, input.tenant);
  const now = deps.clock.now();
  return runIdempotent(deps.store, turn.tenant.id, idem, now, async (trx) => ({
    status: 201,
    body: await processCustomerMessage(unitOfWork(trx, turn, now), turn, {
      conversationId: input.conversationId,
      content,
      caller: input.caller,
    }),
  }));
}

interface StartConversationInput {
  readonly tenantId: string;
  readonly channel?: string | undefined;
  readonly customerRef?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** The first customer message; when given, the response carries the agent's reply. */
  readonly content?: string | undefined;
  /** The tenant, when the caller has already read it. */
  readonly tenant?: Tenant | undefined;
}

export interface StartResult {
  readonly conversationId: string;
  /**
   * The conversation's token (`vct_…`): what an end customer presents for every later action on it.
   * Shown here only; the store keeps its SHA-256.
   */
  readonly conversationToken: string;
  /** The first message's exchange, when the conversation started with one. */
  readonly exchange: ExchangeView | null;
}

/**
 * The rows of a new conversation and its pending outcome. `windows` are the outcome windows in force now
 * (the tenant's settings under its contract): the conversation is judged by them for its whole life,
 * whatever is activated later.
 */
export function newConversationRows(
  tenantId: string,
  input: Omit<StartConversationInput, "tenantId" | "content" | "tenant">,
  windows: OutcomeWindows,
  now: number,
): { conv: ConversationsTable; outcome: OutcomesTable; token: string } {
  const conversationId = newId("conversation", now);
  const token = newConversationToken();
  const conv: ConversationsTable = {
    tenant_id: tenantId,
    conversation_id: conversationId,
    channel: input.channel ?? "api",
    customer_ref: input.customerRef ?? null,
    status: "open",
    next_seq: 1,
    failure_streak: 0,
    human_involved: 0,
    agent_version: null,
    last_role: null,
    last_intent: null,
    last_ai_action: null,
    metadata: JSON.stringify(input.metadata ?? {}),
    created_at: now,
    last_message_at: now,
    token_hash: token.hash,
  };
  const outcome: OutcomesTable = {
    tenant_id: tenantId,
    conversation_id: conversationId,
    state: "pending",
    resolution: null,
    eligible: 0,
    resolved_at: null,
    durable_at: null,
    reopen_count: 0,
    updated_at: now,
    inactivity_ms: windows.inactivityMs,
    durability_ms: windows.durabilityMs,
  };
  return { conv, outcome, token: token.token };
}

/** Create and write a new conversation and its pending outcome, in the unit's transaction. */
export async function insertConversation(
  uow: UnitOfWork,
  input: Omit<StartConversationInput, "tenantId" | "content" | "tenant">,
  windows: OutcomeWindows,
): Promise<{ conv: ConversationsTable; outcome: OutcomesTable; token: string }> {
  const rows = newConversationRows(uow.tenantId, input, windows, uow.now);
  await insertRowsTogether(uow.tx, [
    { table: "conversations", rows: [rows.conv] },
    { table: "outcomes", rows: [rows.outcome] },
  ]);
  return rows;
}

/** Open a conversation, optionally with its first message, in one transaction. */
export async function startConversation(
  deps: ConversationDeps,
  input: StartConversationInput,
  idem?: IdempotencyRequest,
): Promise<StoredResponse<StartResult>> {
  const content = input.content === undefined ? undefined : checkContent(input.content);
  const turn = await prepareAgent(deps, input.tenantId, input.tenant);
  const now = deps.clock.now();
  const windows = windowsFrom(turn.tenant.settings);
  return runIdempotent<StartResult>(deps.store, turn.tenant.id, idem, now, async (trx) => {
    const uow = unitOfWork(trx, turn, now);
    if (content === undefined) {
      const created = await insertConversation(uow, input, windows);
      return {
        status: 201,
        body: {
          conversationId: created.conv.conversation_id,
          conversationToken: created.token,
          exchange: null,
        },
      };
    }
    // With a first message the rows are written once, in their state after it.
    const rows = newConversationRows(turn.tenant.id, input, windows, now);
    const conversationId = rows.conv.conversation_id;
    const exchange = await processCustomerMessage(uow, turn, {
      conversationId,
      content,
      unsaved: rows,
    });
    return { status: 201, body: { conversationId, conversationToken: rows.token, exchange } };
  });
}
