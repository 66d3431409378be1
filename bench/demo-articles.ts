import { join } from "node:path";
import type { ArticleKnowledge } from "../src/agent/index.js";
import { readArticleDir } from "../src/knowledge/index.js";

/** The demo tenant's help centre (Fernwork, 77 articles) as the agent receives it, example questions included. */
export function demoArticles(root: string): ArticleKnowledge[] {
  const { inputs } = readArticleDir(join(root, "src/demo/content/articles"));
  return inputs.map((a) => ({
    id: `art_${a.slug}`,
    slug: a.slug,
    title: a.title,
    body: a.body,
    questions: a.questions ?? [],
  }));
}
