import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArticleInput } from "./article.js";
import { parseArticleFile } from "./parse-article-file.js";

/** Read every article of a folder; returns the inputs and, per file, any problem (never throws halfway). */
export function readArticleDir(dir: string): {
  inputs: ArticleInput[];
  failures: { file: string; error: string }[];
} {
  const inputs: ArticleInput[] = [];
  const failures: { file: string; error: string }[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.(md|markdown)$/i.test(f))
    .sort()) {
    try {
      inputs.push(parseArticleFile(file, readFileSync(join(dir, file), "utf8")));
    } catch (err) {
      failures.push({ file, error: (err as Error).message });
    }
  }
  return { inputs, failures };
}
