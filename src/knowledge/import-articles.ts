import type { StoreDeps } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";
import type { ArticleInput } from "./article.js";
import { insertArticle, patchArticleRow } from "./manage-articles.js";

export type ImportStatus = "created" | "updated" | "unchanged";

export interface ImportItemResult {
  readonly slug: string;
  readonly status: ImportStatus;
  readonly articleId: string;
  readonly version: number;
}

/**
 * Upsert many articles by slug in one transaction: new slugs are created, changed ones get a new
 * version, identical ones are left alone (so re-importing a folder is idempotent). Inputs must already
 * be valid; callers that parse files report per-file failures before calling this.
 */
export async function importArticles(
  deps: StoreDeps,
  tenantId: string,
  inputs: readonly ArticleInput[],
  actor: string,
): Promise<ImportItemResult[]> {
  const now = deps.clock.now();
  return deps.store.transaction(async (trx) => {
    const results: ImportItemResult[] = [];
    let changedAny = false;
    for (const input of inputs) {
      const row = await trx
        .selectFrom("articles")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("slug", "=", input.slug)
        .executeTakeFirst();
      if (!row) {
        const a = await insertArticle(trx, tenantId, input, actor, now);
        results.push({ slug: a.slug, status: "created", articleId: a.id, version: a.version });
        changedAny = true;
        continue;
      }
      const { article, changed } = await patchArticleRow(
        trx,
        row,
        { ...input, tags: input.tags ?? [], questions: input.questions ?? [], status: "published" },
        actor,
        now,
      );
      changedAny ||= changed;
      results.push({
        slug: article.slug,
        status: changed ? "updated" : "unchanged",
        articleId: article.id,
        version: article.version,
      });
    }
    if (changedAny) await bumpKnowledgeRev(trx, tenantId);
    return results;
  });
}
