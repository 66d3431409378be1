import Type, { type Static } from "typebox";
import Value from "typebox/value";
import { VouchError } from "../shared/errors.js";
import type { ArticlesTable } from "../store/index.js";
import { parseJson } from "../store/index.js";

/** What a client sends to create or replace an article. */
export const ArticleInputSchema = Type.Object(
  {
    slug: Type.String({
      pattern: "^[a-z0-9][a-z0-9-]{0,119}$",
      description: "Stable, unique within the tenant",
    }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 100_000, description: "Markdown" }),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    questions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
        maxItems: 50,
        description: "Ways customers ask for this article; the resolver learns from them.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ArticleInput = Static<typeof ArticleInputSchema>;

export const ArticlePatchSchema = Type.Partial(ArticleInputSchema, { additionalProperties: false });
export type ArticlePatch = Static<typeof ArticlePatchSchema>;

export interface Article {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly questions: readonly string[];
  readonly version: number;
  readonly status: "published" | "archived";
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const toArticle = (r: ArticlesTable): Article => ({
  id: r.article_id,
  slug: r.slug,
  title: r.title,
  body: r.body,
  tags: parseJson<string[]>(r.tags, []),
  questions: parseJson<string[]>(r.questions, []),
  version: r.version,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Validate an article input outside HTTP (imports, CLI); throws VALIDATION_FAILED with paths. */
export function checkArticleInput(value: unknown): ArticleInput {
  const errors = [...Value.Errors(ArticleInputSchema, value)];
  if (errors.length > 0) {
    throw new VouchError(
      "VALIDATION_FAILED",
      errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; "),
      errors.map((e) => ({ path: e.instancePath, message: e.message })),
    );
  }
  return value as ArticleInput;
}
