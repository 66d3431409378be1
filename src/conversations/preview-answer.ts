import type { KnowledgeExplanation } from "../agent/index.js";
import { newId } from "../shared/ids.js";
import { type ConversationDeps, prepareAgent } from "./deps.js";
import { windowsFrom } from "./outcome-rules.js";
import { NO_RETRY_CONTEXT, planTurn, readMessage, type SourceRef } from "./plan-turn.js";
import { checkContent, newConversationRows } from "./post-customer-message.js";
import type { CitationView } from "./views.js";

/** What the agent would do with a question as the first message of a new conversation. */
export interface AnswerPreview {
  readonly agentVersion: string;
  readonly action: "answer" | "escalate" | "reply";
  readonly reason: string;
  readonly confidence: number;
  /** The confidence an answer needs (the tenant's threshold under its contract). */
  readonly threshold: number;
  /** The passage it would answer with. */
  readonly answerId: string | null;
  readonly reply: string;
  readonly citations: readonly CitationView[];
  readonly sources: readonly SourceRef[];
  /** The full ranking behind the decision. */
  readonly explanation: KnowledgeExplanation;
}

/**
 * Preview the agent's answer to a question for an operator (`vouch ask`): the tenant's agent in force
 * plans the turn exactly as for a customer's first message — the same signals, decision and reply — and
 * nothing is stored: no conversation, no decision, no ledger entry.
 */
export async function previewAnswer(
  deps: ConversationDeps,
  input: {
    readonly tenantId: string;
    readonly question: string;
    readonly channel?: string;
    readonly top?: number;
  },
): Promise<AnswerPreview> {
  const content = checkContent(input.question);
  const turn = await prepareAgent(deps, input.tenantId);
  const now = deps.clock.now();
  const settings = turn.tenant.settings;
  const rows = newConversationRows(turn.tenant.id, { channel: input.channel }, windowsFrom(settings), now);
  const plan = planTurn(readMessage(rows, content, settings, now), {
    settings,
    agent: turn.agent,
    retry: NO_RETRY_CONTEXT,
    now,
    newId: (kind) => newId(kind, now),
    elapsedUs: () => 0,
  });
  const agent = plan.agent;
  const decision = agent?.decision;
  return {
    agentVersion: turn.agent.versionId,
    action: decision?.action === "escalate" ? "escalate" : decision?.answer_label ? "answer" : "reply",
    reason: decision?.reason ?? "none",
    confidence: decision?.confidence ?? 0,
    threshold: settings.confidenceThreshold,
    answerId: decision?.answer_label ?? null,
    reply: agent?.reply.content ?? "",
    citations: agent?.citations ?? [],
    sources: agent?.sources ?? [],
    explanation: turn.agent.model.explain(content, input.top ?? 5),
  };
}
