import Type, { type Static } from "typebox";
import Value from "typebox/value";
import { VouchError } from "../shared/errors.js";
import type { ArticlesTable } from "../store/index.js";
import { parseJson } from "../store/index.js";

/** The longest article body, in characters (UTF-16 code units, as JSON Schema's maxLength counts them). */
export const MAX_ARTICLE_BODY_CHARS = 100_000;

/** What a client sends to create or replace an article. */
export const ArticleInputSchema = Type.Object(
  {
    slug: Type.String({
      pattern: "^[a-z0-9][a-z0-9-]{0,119}$",
      description: "Stable, unique within the tenant",
    }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({
      minLength: 1,
      maxLength: MAX_ARTICLE_BODY_CHARS,
      description: "Markdown, with some text besides headings",
    }),
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

// Markdown that says nothing to a reader: ATX headings (`# Title`) and HTML comments.
const HEADING_LINE = /^ {0,3}#{1,6}(?:[ \t].*)?$/gm;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether a body has text a customer could be answered with: a letter or a digit outside headings and
 * HTML comments. An empty body, whitespace, a lone heading or markup alone has none, and such an article
 * would be found by its title and answer nothing.
 */
export function hasArticleText(body: string): boolean {
  return WORD_CHAR.test(body.replace(HTML_COMMENT, "").replace(HEADING_LINE, ""));
}

/** Why an article body cannot be stored (no text, too long), or undefined when it can. */
export function articleBodyProblem(body: string): string | undefined {
  if (!hasArticleText(body)) return "has no text (only whitespace, headings or markup)";
  if (body.length > MAX_ARTICLE_BODY_CHARS) {
    const [length, limit] = [body.length, MAX_ARTICLE_BODY_CHARS].map((n) => n.toLocaleString("en"));
    return `is ${length} characters long; the limit is ${limit} characters`;
  }
  return undefined;
}

/**
 * Refuse a body the schema lets through but no reader could use (see articleBodyProblem):
 * VALIDATION_FAILED naming the field by `path` (`/body`, `/articles/2/body`).
 */
export function assertArticleBody(body: string, path: string): void {
  const problem = articleBodyProblem(body);
  if (problem) {
    throw new VouchError("VALIDATION_FAILED", `invalid article: ${path} ${problem}`, [
      { path, message: problem },
    ]);
  }
}

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
