import type { Db } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";

interface RetireBatchInput {
  /** Retire what was created strictly before this (epoch ms). */
  readonly before: number;
  /** Resume after this id (the previous batch's last). */
  readonly after: string | undefined;
  readonly limit: number;
}

interface RetireBatch {
  readonly trainingExamples: number;
  readonly learnedAnswers: number;
  /** The last id examined, to resume after; undefined when the batch was empty. */
  readonly last: string | undefined;
  readonly size: number;
}

/**
 * One batch of the tenant's active training examples created before the cutoff, retired in the caller's
 * transaction. When any is, the tenant's knowledge revision moves in the same transaction, so every process
 * retrains the tenant's model without them on its next message (as approving examples does).
 */
export async function retireExampleBatch(
  trx: Db,
  tenantId: string,
  input: RetireBatchInput,
): Promise<RetireBatch> {
  let query = trx
    .selectFrom("training_examples")
    .select("example_id")
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "active")
    .where("created_at", "<", input.before);
  if (input.after !== undefined) query = query.where("example_id", ">", input.after);
  const ids = (await query.orderBy("example_id").limit(input.limit).execute()).map((r) => r.example_id);
  if (ids.length === 0) return { trainingExamples: 0, learnedAnswers: 0, last: undefined, size: 0 };
  const r = await trx
    .updateTable("training_examples")
    .set({ status: "retired" })
    .where("tenant_id", "=", tenantId)
    .where("example_id", "in", ids)
    .where("status", "=", "active")
    .executeTakeFirst();
  const retired = Number(r.numUpdatedRows);
  if (retired > 0) await bumpKnowledgeRev(trx, tenantId);
  return { trainingExamples: retired, learnedAnswers: 0, last: ids.at(-1), size: ids.length };
}

/**
 * One batch of the answers learned from a conversation (their title is the customer's first question,
 * their body the human's reply) created before the cutoff, retired like the examples. Answers written
 * by hand (no handoff) are knowledge, not training data, and stay.
 */
export async function retireLearnedAnswerBatch(
  trx: Db,
  tenantId: string,
  input: RetireBatchInput,
): Promise<RetireBatch> {
  let query = trx
    .selectFrom("learned_answers")
    .select("answer_id")
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "active")
    .where("handoff_id", "is not", null)
    .where("created_at", "<", input.before);
  if (input.after !== undefined) query = query.where("answer_id", ">", input.after);
  const ids = (await query.orderBy("answer_id").limit(input.limit).execute()).map((r) => r.answer_id);
  if (ids.length === 0) return { trainingExamples: 0, learnedAnswers: 0, last: undefined, size: 0 };
  const r = await trx
    .updateTable("learned_answers")
    .set({ status: "retired" })
    .where("tenant_id", "=", tenantId)
    .where("answer_id", "in", ids)
    .where("status", "=", "active")
    .executeTakeFirst();
  const retired = Number(r.numUpdatedRows);
  if (retired > 0) await bumpKnowledgeRev(trx, tenantId);
  return { trainingExamples: 0, learnedAnswers: retired, last: ids.at(-1), size: ids.length };
}
