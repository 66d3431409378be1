export {
  type Article,
  type ArticleInput,
  ArticleInputSchema,
  type ArticlePatch,
  ArticlePatchSchema,
  checkArticleInput,
} from "./article.js";
export { type ImportItemResult, importArticles } from "./import-articles.js";
export {
  type ArticleVersion,
  archiveArticle,
  createArticle,
  getArticle,
  listArticles,
  listArticleVersions,
  updateArticle,
} from "./manage-articles.js";
export { parseArticleFile, slugify } from "./parse-article-file.js";
export { readArticleDir } from "./read-article-dir.js";
