import { activeContractParameters } from "../contract/index.js";
import { readTranscript } from "../conversations/index.js";
import { isTombstone } from "../governance/index.js";
import { assertPublishedArticle } from "../knowledge/index.js";
import { type ActorRef, ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { StoreDeps } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";
import { type HandoffAction, loadHandoff, saveHandoff } from "./handle-handoff.js";

interface ApproveLearningInput extends HandoffAction {
  /** The article that answers these questions; defaults to the one named when resolving. */
  readonly articleId?: string | undefined;
  /** Answer text to learn when no article fits; defaults to the human's replies in the conversation. */
  readonly answer?: { readonly title?: string | undefined; readonly body: string } | undefined;
  /** The customer questions to learn; defaults to every customer question in the conversation. */
  readonly questions?: readonly string[] | undefined;
}

interface ApproveLearningResult {
  readonly handoffId: string;
  /** The answer target learned: an article id or a new learned answer (`ans_…`). */
  readonly label: string;
  readonly exampleIds: readonly string[];
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The continuous-learning loop: an operator approves how a human resolved an escalated conversation,
 * and its customer questions become training examples for this tenant's next agent version (the
 * tenant's knowledge revision moves, so every process retrains on its next message). Only resolved
 * handoffs can be approved, once. Examples never leave the tenant. Refused with LEARNING_NOT_PERMITTED
 * while the contract in force says `data.trainingUse: none`.
 */
export async function approveLearning(
  deps: StoreDeps,
  input: ApproveLearningInput,
): Promise<ApproveLearningResult> {
  const { tenantId, handoffId, actor } = input;
  const now = deps.clock.now();
  if ((await activeContractParameters(deps, tenantId, now))?.learning === "none") {
    throw new VouchError(
      "LEARNING_NOT_PERMITTED",
      "the contract in force says data.trainingUse: none, so conversations are not used for learning; reject the handoff for learning instead",
      { trainingUse: "none" },
    );
  }
  const who = await ledgerActor(deps.store, tenantId, actor.name);
  return deps.store.transaction(async (trx) => {
    const h = await loadHandoff(trx, tenantId, handoffId);
    if (h.status !== "resolved")
      throw new VouchError("INVALID_STATE", "only a resolved handoff can be approved for learning");
    if (h.learning !== "none")
      throw new VouchError("INVALID_STATE", `learning for this handoff was already ${h.learning}`);
    const messages = await readTranscript({ tx: trx, tenantId }, h.conversation_id);
    // Text removed under the retention policy is a tombstone, not a question: never learn it.
    const questions = (
      input.questions ??
      messages.filter((m) => m.role === "customer" && m.intent === "question").map((m) => m.content)
    )
      .map((q) => q.trim())
      .filter((q) => q.length > 0 && !isTombstone(q));
    if (questions.length === 0)
      throw new VouchError(
        "INVALID_STATE",
        "the conversation has no customer question to learn from (its text may have been removed under the retention policy)",
      );

    let label = input.articleId ?? (input.answer ? undefined : (h.resolution_article_id ?? undefined));
    if (label) {
      await assertPublishedArticle({ tx: trx, tenantId }, label);
    } else {
      const replies = messages.filter((m) => m.role === "human").map((m) => m.content);
      const body = input.answer?.body ?? replies.join("\n\n");
      if (body.trim().length === 0) {
        throw new VouchError(
          "INVALID_STATE",
          "no article named and no human answer to learn; pass articleId or answer",
        );
      }
      label = newId("answer", now);
      await trx
        .insertInto("learned_answers")
        .values({
          tenant_id: tenantId,
          answer_id: label,
          title: input.answer?.title ?? clip(questions[0] ?? "Learned answer", 200),
          body,
          handoff_id: handoffId,
          status: "active",
          created_at: now,
        })
        .execute();
    }
    const exampleIds: string[] = [];
    for (const text of questions) {
      const id = newId("example", now);
      exampleIds.push(id);
      await trx
        .insertInto("training_examples")
        .values({
          tenant_id: tenantId,
          example_id: id,
          text,
          label,
          source: "handoff",
          handoff_id: handoffId,
          approved_by: actor.name,
          status: "active",
          created_at: now,
        })
        .execute();
    }
    await saveHandoff(trx, { ...h, learning: "approved" });
    await bumpKnowledgeRev(trx, tenantId);
    await recordAdminActions(trx, tenantId, [
      {
        time: now,
        actor: who,
        action: "learning.approve",
        subject: { handoff: handoffId, conversation: h.conversation_id },
        details: { label, examples: exampleIds },
      },
    ]);
    return { handoffId, label, exampleIds };
  });
}

/** Decline to learn from a resolution (e.g. it was a one-off or contains customer-specific details). */
export async function rejectLearning(
  deps: StoreDeps,
  {
    tenantId,
    handoffId,
    actor = { kind: "system", id: "unattributed" },
  }: { readonly tenantId: string; readonly handoffId: string; readonly actor?: ActorRef | undefined },
) {
  const now = deps.clock.now();
  const who = await ledgerActor(deps.store, tenantId, actor);
  return deps.store.transaction(async (trx) => {
    const h = await loadHandoff(trx, tenantId, handoffId);
    if (h.status !== "resolved")
      throw new VouchError("INVALID_STATE", "only a resolved handoff can be reviewed for learning");
    if (h.learning !== "none")
      throw new VouchError("INVALID_STATE", `learning for this handoff was already ${h.learning}`);
    await saveHandoff(trx, { ...h, learning: "rejected" });
    await recordAdminActions(trx, tenantId, [
      {
        time: now,
        actor: who,
        action: "learning.reject",
        subject: { handoff: handoffId, conversation: h.conversation_id },
      },
    ]);
    return { handoffId, learning: "rejected" as const };
  });
}
