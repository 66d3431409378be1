import { type AdminAction, ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";
import { type ArticleInput, articleBodyProblem } from "./article.js";
import { articleAction, insertArticle, patchArticleRow } from "./manage-articles.js";

type ImportStatus = "created" | "updated" | "unchanged";

interface ImportItemResult {
  readonly slug: string;
  readonly status: ImportStatus;
  readonly articleId: string;
  readonly version: number;
}

/**
 * Refuse the whole batch, before anything is written, when an article has a body no reader could use
 * or reuses an earlier article's slug (the later one would silently replace it): VALIDATION_FAILED with
 * one detail per problem, paths into `articles`.
 */
function assertImportable(inputs: readonly ArticleInput[]): void {
  const problems: { path: string; message: string }[] = [];
  const firstBySlug = new Map<string, number>();
  inputs.forEach((input, i) => {
    const body = articleBodyProblem(input.body);
    if (body) problems.push({ path: `/articles/${i}/body`, message: body });
    const first = firstBySlug.get(input.slug);
    if (first === undefined) firstBySlug.set(input.slug, i);
    else
      problems.push({
        path: `/articles/${i}/slug`,
        message: `repeats the slug ${input.slug} of /articles/${first}`,
      });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).map((p) => `${p.path} ${p.message}`);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
    throw new VouchError("VALIDATION_FAILED", `invalid articles: ${shown.join("; ")}${more}`, problems);
  }
}

/**
 * Upsert many articles by slug in one transaction: new slugs are created, changed ones get a new
 * version, identical ones are left alone (so re-importing a folder is idempotent). All of them are
 * written or, when the store fails, none: never part of an article or part of the batch. The batch is
 * refused whole when one article is not importable (assertImportable); callers that read files report
 * and leave out each bad file first (readArticleDir).
 */
export async function importArticles(
  deps: StoreDeps,
  tenantId: string,
  inputs: readonly ArticleInput[],
  actor: string,
): Promise<ImportItemResult[]> {
  assertImportable(inputs);
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
