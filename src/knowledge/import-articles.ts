import { type AdminAction, ledgerActor, recordAdminActions } from "../ledger/index.js";
import type { StoreDeps } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";
import type { ArticleInput } from "./article.js";
import { articleAction, insertArticle, patchArticleRow } from "./manage-articles.js";

type ImportStatus = "created" | "updated" | "unchanged";

interface ImportItemResult {
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
  const who = await ledgerActor(deps.store, tenantId, actor);
  return deps.store.transaction(async (trx) => {
    const results: ImportItemResult[] = [];
    const recorded: AdminAction[] = [];
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
        recorded.push(articleAction("create", a, who, now));
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
      if (changed) recorded.push(articleAction("update", article, who, now));
      results.push({
        slug: article.slug,
        status: changed ? "updated" : "unchanged",
        articleId: article.id,
        version: article.version,
      });
    }
    if (changedAny) await bumpKnowledgeRev(trx, tenantId);
    if (recorded.length > 0) await recordAdminActions(trx, tenantId, recorded);
    return results;
  });
}
