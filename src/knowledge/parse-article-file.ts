import { parse as parseYaml } from "yaml";
import { VouchError } from "../shared/errors.js";
import { findUnstorableText } from "../shared/text.js";
import { type ArticleInput, articleBodyProblem, checkArticleInput } from "./article.js";

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Read one knowledge article from a Markdown file: optional YAML front matter (title, slug, tags,
 * questions) then the body. Without front matter the title is the first `# ` heading and the slug the
 * file name. Throws DATASET_INVALID naming the file: an empty file, a body with no text (only front
 * matter, whitespace or headings), a body over the API's limit, text no store can hold (U+0000 as a YAML
 * escape, as the API refuses it), front matter that is not YAML or not a valid article.
 */
export function parseArticleFile(fileName: string, text: string): ArticleInput {
  if (text.trim() === "") throw new VouchError("DATASET_INVALID", `${fileName}: is empty`);
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.(md|markdown)$/i, "");
  let meta: Record<string, unknown> = {};
  let body = text;
  const m = FRONT_MATTER.exec(text);
  if (m) {
    try {
      const parsed: unknown = parseYaml(m[1] ?? "");
      if (parsed !== null && parsed !== undefined) {
        if (typeof parsed !== "object" || Array.isArray(parsed))
          throw new Error("front matter must be a mapping");
        meta = parsed as Record<string, unknown>;
      }
    } catch (err) {
      throw new VouchError("DATASET_INVALID", `${fileName}: front matter: ${(err as Error).message}`);
    }
    body = m[2] ?? "";
  }
  body = body.trim();
  const bodyProblem = articleBodyProblem(body);
  if (bodyProblem) throw new VouchError("DATASET_INVALID", `${fileName}: body ${bodyProblem}`);
  const heading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const input = {
    slug: typeof meta.slug === "string" ? meta.slug : slugify(base),
    title: typeof meta.title === "string" ? meta.title : (heading ?? base),
    body,
    ...(meta.tags !== undefined ? { tags: meta.tags } : {}),
    ...(meta.questions !== undefined ? { questions: meta.questions } : {}),
  };
  const unstorable = findUnstorableText(input);
  if (unstorable) {
    throw new VouchError(
      "DATASET_INVALID",
      `${fileName}: ${unstorable.path.join(".")} ${unstorable.message}`,
    );
  }
  try {
    return checkArticleInput(input);
  } catch (err) {
    throw new VouchError("DATASET_INVALID", `${fileName}: ${(err as Error).message}`);
  }
}

export function slugify(s: string): string {
  return (
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 120) || "article"
  );
}
