export { type Article, ArticleInputSchema, ArticlePatchSchema } from "./article.js";
export { importArticles } from "./import-articles.js";
export {
  archiveArticle,
  assertPublishedArticle,
  createArticle,
  getArticle,
  listArticles,
  listArticleVersions,
  updateArticle,
} from "./manage-articles.js";
export { readArticleDir } from "./read-article-dir.js";
export { readPublishedArticles } from "./read-published-articles.js";
