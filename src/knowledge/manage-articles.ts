import {
  type AdminAction,
  digestContent,
  type EntryActor,
  ledgerActor,
  recordAdminActions,
} from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { ArticlesTable, Db, StoreDeps, TenantReader } from "../store/index.js";
import { bumpKnowledgeRev } from "../tenants/index.js";
import {
  type Article,
  type ArticleInput,
  type ArticlePatch,
  assertArticleBody,
  toArticle,
} from "./article.js";

async function writeVersion(trx: Db, row: ArticlesTable, actor: string, at: number): Promise<void> {
  await trx
    .insertInto("article_versions")
    .values({
      tenant_id: row.tenant_id,
      article_id: row.article_id,
      version: row.version,
      slug: row.slug,
      title: row.title,
      body: row.body,
      tags: row.tags,
      questions: row.questions,
      status: row.status,
      actor,
      created_at: at,
    })
    .execute();
}

async function loadRow(trx: Db, tenantId: string, articleId: string): Promise<ArticlesTable> {
  const row = await trx
    .selectFrom("articles")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  if (!row) throw new VouchError("NOT_FOUND", `article ${articleId} not found`);
  return row;
}

async function assertSlugFree(trx: Db, tenantId: string, slug: string, exceptId?: string): Promise<void> {
  const clash = await trx
    .selectFrom("articles")
    .select("article_id")
    .where("tenant_id", "=", tenantId)
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (clash && clash.article_id !== exceptId) {
    throw new VouchError("CONFLICT", `an article with slug ${slug} already exists (${clash.article_id})`);
  }
}

/** Insert a new article (version 1) inside an open transaction. */
export async function insertArticle(
  trx: Db,
  tenantId: string,
  input: ArticleInput,
  actor: string,
  now: number,
): Promise<Article> {
  await assertSlugFree(trx, tenantId, input.slug);
  const row: ArticlesTable = {
    tenant_id: tenantId,
    article_id: newId("article", now),
    slug: input.slug,
    title: input.title,
    body: input.body,
    tags: JSON.stringify(input.tags ?? []),
    questions: JSON.stringify(input.questions ?? []),
    version: 1,
    status: "published",
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto("articles").values(row).execute();
  await writeVersion(trx, row, actor, now);
  return toArticle(row);
}

/** Apply a patch as a new version inside an open transaction; unchanged content keeps the version. */
export async function patchArticleRow(
  trx: Db,
  row: ArticlesTable,
  patch: ArticlePatch & { status?: "published" | "archived" },
  actor: string,
  now: number,
): Promise<{ article: Article; changed: boolean }> {
  if (patch.slug !== undefined && patch.slug !== row.slug)
    await assertSlugFree(trx, row.tenant_id, patch.slug, row.article_id);
  const next: ArticlesTable = {
    ...row,
    slug: patch.slug ?? row.slug,
    title: patch.title ?? row.title,
    body: patch.body ?? row.body,
    tags: patch.tags ? JSON.stringify(patch.tags) : row.tags,
    questions: patch.questions ? JSON.stringify(patch.questions) : row.questions,
    status: patch.status ?? row.status,
  };
  const changed = (["slug", "title", "body", "tags", "questions", "status"] as const).some(
    (k) => next[k] !== row[k],
  );
  if (!changed) return { article: toArticle(row), changed: false };
  next.version = row.version + 1;
  next.updated_at = now;
  await trx
    .updateTable("articles")
    .set({
      slug: next.slug,
      title: next.title,
      body: next.body,
      tags: next.tags,
      questions: next.questions,
      status: next.status,
      version: next.version,
      updated_at: now,
    })
    .where("tenant_id", "=", row.tenant_id)
    .where("article_id", "=", row.article_id)
    .execute();
  await writeVersion(trx, next, actor, now);
  return { article: toArticle(next), changed: true };
}

/** The ledger record of an article change: ids, version and a digest of the content, not the content. */
export function articleAction(
  action: "create" | "update" | "archive",
  article: Article,
  actor: EntryActor,
  now: number,
): AdminAction {
  const content = JSON.stringify([article.title, article.body, article.tags, article.questions]);
  return {
    time: now,
    actor,
    action: `knowledge.article.${action}`,
    subject: { article: article.id },
    details: {
      slug: article.slug,
      version: article.version,
      status: article.status,
      contentDigest: digestContent(content),
    },
  };
}

export async function createArticle(
  deps: StoreDeps,
  tenantId: string,
  input: ArticleInput,
  actor: string,
): Promise<Article> {
  assertArticleBody(input.body, "/body");
  const now = deps.clock.now();
  const who = await ledgerActor(deps.store, tenantId, actor);
  return deps.store.transaction(async (trx) => {
    const article = await insertArticle(trx, tenantId, input, actor, now);
    await bumpKnowledgeRev(trx, tenantId);
    await recordAdminActions(trx, tenantId, [articleAction("create", article, who, now)]);
    return article;
  });
}

export async function updateArticle(
  deps: StoreDeps,
  tenantId: string,
  articleId: string,
  patch: ArticlePatch,
  actor: string,
): Promise<Article> {
  if (patch.body !== undefined) assertArticleBody(patch.body, "/body");
  const now = deps.clock.now();
  const who = await ledgerActor(deps.store, tenantId, actor);
  return deps.store.transaction(async (trx) => {
    const row = await loadRow(trx, tenantId, articleId);
    const { article, changed } = await patchArticleRow(
      trx,
      row,
      { ...patch, status: "published" },
      actor,
      now,
    );
    if (changed) {
      await bumpKnowledgeRev(trx, tenantId);
      await recordAdminActions(trx, tenantId, [articleAction("update", article, who, now)]);
    }
    return article;
  });
}

/** Archive (soft-delete): the article stops being used for answers; its history stays. */
export async function archiveArticle(deps: StoreDeps, tenantId: string, articleId: string, actor: string) {
  const now = deps.clock.now();
  const who = await ledgerActor(deps.store, tenantId, actor);
  return deps.store.transaction(async (trx) => {
    const row = await loadRow(trx, tenantId, articleId);
    const { article, changed } = await patchArticleRow(trx, row, { status: "archived" }, actor, now);
    if (changed) {
      await bumpKnowledgeRev(trx, tenantId);
      await recordAdminActions(trx, tenantId, [articleAction("archive", article, who, now)]);
    }
    return article;
  });
}

/**
 * A published article's title, read in the caller's transaction: NOT_FOUND when the tenant has no such
 * article, INVALID_STATE when it is archived.
 */
export async function assertPublishedArticle(reader: TenantReader, articleId: string): Promise<string> {
  const a = await loadRow(reader.tx, reader.tenantId, articleId);
  if (a.status !== "published") throw new VouchError("INVALID_STATE", `article ${articleId} is archived`);
  return a.title;
}

export async function getArticle(deps: Pick<StoreDeps, "store">, tenantId: string, articleId: string) {
  return toArticle(await loadRow(deps.store.db, tenantId, articleId));
}

export async function listArticles(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  opts: { status?: "published" | "archived"; limit?: number; after?: string } = {},
): Promise<Article[]> {
  let q = deps.store.db.selectFrom("articles").selectAll().where("tenant_id", "=", tenantId);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.after) q = q.where("article_id", ">", opts.after);
  const rows = await q
    .orderBy("article_id")
    .limit(opts.limit ?? 1000)
    .execute();
  return rows.map(toArticle);
}

interface ArticleVersion {
  readonly version: number;
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly status: "published" | "archived";
  readonly actor: string;
  readonly createdAt: number;
}

export async function listArticleVersions(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  articleId: string,
): Promise<ArticleVersion[]> {
  await loadRow(deps.store.db, tenantId, articleId);
  const rows = await deps.store.db
    .selectFrom("article_versions")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("article_id", "=", articleId)
    .orderBy("version")
    .execute();
  return rows.map((r) => ({
    version: r.version,
    slug: r.slug,
    title: r.title,
    body: r.body,
    status: r.status,
    actor: r.actor,
    createdAt: r.created_at,
  }));
}
