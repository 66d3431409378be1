import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ErrorCode, isVouchError, VouchError } from "../shared/errors.js";
import { type ArticleInput, MAX_ARTICLE_BODY_CHARS } from "./article.js";
import { decodeArticleFile } from "./decode-article-file.js";
import { parseArticleFile } from "./parse-article-file.js";

/**
 * The largest article file read: the API's default request body limit. A valid article is well under it
 * (its body is at most MAX_ARTICLE_BODY_CHARS), so a larger file is refused without being read.
 */
export const MAX_ARTICLE_FILE_BYTES = 1024 * 1024;

const ARTICLE_FILE = /\.(md|markdown)$/i;

/** A file that is not imported, with why: a stable code and a message naming the file. */
export interface ArticleFileFailure {
  readonly file: string;
  readonly code: ErrorCode;
  readonly error: string;
}

/** What a folder holds: its articles, the files refused, and the entries that are not article files. */
export interface ArticleDir {
  /** The valid articles, in order of file name, each slug once. */
  readonly inputs: ArticleInput[];
  /** The file each article of `inputs` was read from, by slug. */
  readonly fileBySlug: ReadonlyMap<string, string>;
  readonly failures: ArticleFileFailure[];
  /** Entries left alone: hidden ones, other extensions, folders (subfolders are not read). */
  readonly skipped: string[];
}

/**
 * Read every article file (`*.md`, `*.markdown`) directly in a folder, in order of name. Each file is
 * parsed alone and a bad one is reported, never thrown: unreadable, over MAX_ARTICLE_FILE_BYTES, not UTF-8
 * text, no text, bad front matter. Slugs are unique: when two files give the same slug, the first by name
 * is the article and each later one is refused naming it.
 */
export function readArticleDir(dir: string): ArticleDir {
  const inputs: ArticleInput[] = [];
  const failures: ArticleFileFailure[] = [];
  const skipped: string[] = [];
  const fileBySlug = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    try {
      const input = readArticleFile(dir, file);
      if (input === undefined) {
        skipped.push(file);
        continue;
      }
      const first = fileBySlug.get(input.slug);
      if (first !== undefined) {
        failures.push({
          file,
          code: "DATASET_INVALID",
          error: `${file}: slug ${input.slug} is already used by ${first}`,
        });
        continue;
      }
      fileBySlug.set(input.slug, file);
      inputs.push(input);
    } catch (err) {
      failures.push(
        isVouchError(err)
          ? { file, code: err.code, error: err.message }
          : { file, code: "DATASET_INVALID", error: `${file}: cannot be read: ${reason(err)}` },
      );
    }
  }
  return { inputs, fileBySlug, failures, skipped };
}

/** One entry of the folder as an article, or undefined when it is not an article file. */
function readArticleFile(dir: string, file: string): ArticleInput | undefined {
  if (file.startsWith(".") || !ARTICLE_FILE.test(file)) return undefined;
  const path = join(dir, file);
  const stat = statSync(path);
  if (!stat.isFile()) return undefined;
  if (stat.size > MAX_ARTICLE_FILE_BYTES) {
    const mib = (stat.size / (1024 * 1024)).toFixed(1);
    const chars = MAX_ARTICLE_BODY_CHARS.toLocaleString("en");
    throw new VouchError(
      "DATASET_INVALID",
      `${file}: is ${mib} MiB; an article file may be at most 1 MiB (a body at most ${chars} characters)`,
    );
  }
  return parseArticleFile(file, decodeArticleFile(file, readFileSync(path)));
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file (a broken link?)";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return err instanceof Error ? err.message : String(err);
}
