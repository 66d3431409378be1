import { parse as parseYaml } from "yaml";
import { VouchError } from "../shared/errors.js";
import { findUnstorableText } from "../shared/text.js";
import { type ArticleInput, checkArticleInput } from "./article.js";

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Read one knowledge article from a Markdown file: optional YAML front matter (title, slug, tags,
 * questions) then the body. Without front matter the title is the first `# ` heading and the slug the
 * file name. Throws DATASET_INVALID naming the file, also for text no store can hold (U+0000, written
 * in the file or as a YAML escape), as the API refuses it.
 */
export function parseArticleFile(fileName: string, text: string): ArticleInput {
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
