import { parseJson, type StoreDeps } from "../store/index.js";

/** A published article's text: what the agent learns from and quotes. */
interface PublishedArticle {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
}

/** Every published article of a tenant, in id order (the agent's TrainingSource reads it). */
export async function readPublishedArticles(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
): Promise<PublishedArticle[]> {
  const rows = await deps.store.db
    .selectFrom("articles")
    .select(["article_id", "slug", "title", "body", "questions"])
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "published")
    .orderBy("article_id")
    .execute();
  return rows.map((a) => ({
    id: a.article_id,
    slug: a.slug,
    title: a.title,
    body: a.body,
    questions: parseJson<string[]>(a.questions, []),
  }));
}
