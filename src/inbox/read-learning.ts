import type { StoreDeps } from "../store/index.js";

/**
 * What people taught a tenant's agent through the inbox, still active (retention retires old rows):
 * learned answers and approved customer questions with their labels, in id order (the agent's
 * TrainingSource reads it).
 */
export async function readLearning(deps: Pick<StoreDeps, "store">, tenantId: string) {
  const db = deps.store.db;
  const [answers, examples] = await Promise.all([
    db
      .selectFrom("learned_answers")
      .select(["answer_id", "title", "body"])
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "active")
      .orderBy("answer_id")
      .execute(),
    db
      .selectFrom("training_examples")
      .select(["text", "label"])
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "active")
      .orderBy("example_id")
      .execute(),
  ]);
  return { answers: answers.map((a) => ({ id: a.answer_id, title: a.title, body: a.body })), examples };
}
