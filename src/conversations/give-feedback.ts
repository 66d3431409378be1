import { VouchError } from "../shared/errors.js";
import type { IdempotencyRequest, StoredResponse } from "../store/index.js";
import { runIdempotent } from "../store/index.js";
import type { Tenant } from "../tenants/index.js";
import type { ConversationCaller } from "./conversation-access.js";
import { loadForUpdate } from "./conversation-rows.js";
import { type ConversationDeps, prepareAgent, unitOfWork } from "./deps.js";
import { processCustomerMessage } from "./process-customer-message.js";
import type { ExchangeView } from "./views.js";

/** The words a widget's buttons put in the customer's mouth; they go through the normal pipeline. */
const FEEDBACK_TEXT = {
  helpful: "That helped, thanks!",
  notHelpful: "That didn't help.",
  human: "I'd like to talk to a person, please.",
} as const;

/**
 * Thumbs up / thumbs down on the agent's last answer. Recorded as the customer message it stands for,
 * so the transcript reads naturally and the same triggers apply: a thumbs-up confirms the resolution, a
 * thumbs-down counts towards repeated failure.
 */
export async function giveFeedback(
  deps: ConversationDeps,
  input: {
    tenantId: string;
    conversationId: string;
    helpful: boolean;
    caller: ConversationCaller;
    tenant?: Tenant | undefined;
  },
  idem?: IdempotencyRequest,
): Promise<StoredResponse<ExchangeView>> {
  const turn = await prepareAgent(deps, input.tenantId, input.tenant);
  const now = deps.clock.now();
  return runIdempotent(deps.store, turn.tenant.id, idem, now, async (trx) => {
    const uow = unitOfWork(trx, turn, now);
    const { conv } = await loadForUpdate(uow, input.conversationId, input.caller);
    if (!(conv.last_role === "ai" && conv.last_ai_action === "answer")) {
      throw new VouchError(
        "INVALID_STATE",
        "there is no answer to give feedback on; the agent's last turn was not an answer",
      );
    }
    const text = input.helpful ? FEEDBACK_TEXT.helpful : FEEDBACK_TEXT.notHelpful;
    return {
      status: 201,
      body: await processCustomerMessage(uow, turn, { conversationId: input.conversationId, content: text }),
    };
  });
}

/** The widget's "talk to a person" button. */
export async function requestHuman(
  deps: ConversationDeps,
  input: {
    tenantId: string;
    conversationId: string;
    caller: ConversationCaller;
    tenant?: Tenant | undefined;
  },
  idem?: IdempotencyRequest,
): Promise<StoredResponse<ExchangeView>> {
  const turn = await prepareAgent(deps, input.tenantId, input.tenant);
  const now = deps.clock.now();
  return runIdempotent(deps.store, turn.tenant.id, idem, now, async (trx) => ({
    status: 201,
    body: await processCustomerMessage(unitOfWork(trx, turn, now), turn, {
      conversationId: input.conversationId,
      content: FEEDBACK_TEXT.human,
      caller: input.caller,
    }),
  }));
}
