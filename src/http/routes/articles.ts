import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import {
  type Article,
  ArticleInputSchema,
  ArticlePatchSchema,
  archiveArticle,
  createArticle,
  getArticle,
  importArticles,
  listArticles,
  listArticleVersions,
  updateArticle,
} from "../../knowledge/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import { IdParams } from "../route-support.js";
import type { ServerDeps } from "../types.js";

export const ArticleView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  body: Type.String(),
  tags: Type.Array(Type.String()),
  questions: Type.Array(Type.String()),
  version: Type.Integer(),
  status: Type.Enum(["published", "archived"]),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});
const toView = (a: Article) => ({
  ...a,
  tags: [...a.tags],
  questions: [...a.questions],
  createdAt: new Date(a.createdAt).toISOString(),
  updatedAt: new Date(a.updatedAt).toISOString(),
});
const actorOf = (p: { keyId: string; name: string }) => `${p.name} (${p.keyId})`;

export function registerArticleRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/v1/articles",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "listArticles",
        tags: ["knowledge"],
        summary: "List knowledge articles",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(["published", "archived"])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            after: Type.Optional(Type.String({ description: "Cursor: the last id of the previous page" })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ArticleView),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const items = await listArticles(deps, tenantPrincipal(request).tenantId, { ...request.query, limit });
      return { items: items.map(toView), next: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.post(
    "/v1/articles",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "createArticle",
        tags: ["knowledge"],
        summary: "Create an article (version 1); the agent learns it on the next message",
        body: ArticleInputSchema,
        response: { 201: ArticleView, ...errorResponses(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const p = tenantPrincipal(request);
      return reply.code(201).send(toView(await createArticle(deps, p.tenantId, request.body, actorOf(p))));
    },
  );

  app.post(
    "/v1/articles/import",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "importArticles",
        tags: ["knowledge"],
        summary: "Create or update many articles by slug in one transaction (idempotent)",
        body: Type.Object(
          { articles: Type.Array(ArticleInputSchema, { minItems: 1, maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                slug: Type.String(),
                status: Type.Enum(["created", "updated", "unchanged"]),
                articleId: Type.String(),
                version: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403, 413),
        },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      return { results: await importArticles(deps, p.tenantId, request.body.articles, actorOf(p)) };
    },
  );

  app.get(
    "/v1/articles/:id",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "getArticle",
        tags: ["knowledge"],
        summary: "One article",
        params: IdParams,
        response: { 200: ArticleView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => toView(await getArticle(deps, tenantPrincipal(request).tenantId, request.params.id)),
  );

  app.patch(
    "/v1/articles/:id",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "updateArticle",
        tags: ["knowledge"],
        summary: "Change an article; a changed article gets a new version",
        params: IdParams,
        body: ArticlePatchSchema,
        response: { 200: ArticleView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      return toView(await updateArticle(deps, p.tenantId, request.params.id, request.body, actorOf(p)));
    },
  );

  app.delete(
    "/v1/articles/:id",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "archiveArticle",
        tags: ["knowledge"],
        summary: "Archive an article: no longer used for answers; history kept",
        params: IdParams,
        response: { 200: ArticleView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      return toView(await archiveArticle(deps, p.tenantId, request.params.id, actorOf(p)));
    },
  );

  app.get(
    "/v1/articles/:id/versions",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "listArticleVersions",
        tags: ["knowledge"],
        summary: "Every version of an article",
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                slug: Type.String(),
                title: Type.String(),
                body: Type.String(),
                status: Type.String(),
                actor: Type.String(),
                createdAt: Type.String({ format: "date-time" }),
              }),
            ),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({
      items: (await listArticleVersions(deps, tenantPrincipal(request).tenantId, request.params.id)).map(
        (v) => ({
          ...v,
          createdAt: new Date(v.createdAt).toISOString(),
        }),
      ),
    }),
  );
}
