import { describe, expect, it } from "vitest";
import { articleBodyProblem, assertArticleBody, hasArticleText, MAX_ARTICLE_BODY_CHARS } from "./article.js";

describe("hasArticleText", () => {
  it("is false for a body a reader gets nothing from", () => {
    for (const body of [
      "",
      "  \n\t\n",
      "# Reset your password",
      "# Title\n\n## Section\n   ### Indented heading\n",
      "<!-- to be written -->",
      "# Title\n\n---\n\n***\n",
      "#",
    ]) {
      expect(hasArticleText(body), JSON.stringify(body)).toBe(false);
    }
  });

  it("is true for a letter or a digit outside headings, in any script", () => {
    for (const body of [
      "Steps.",
      "# Title\n\nOpen Settings.",
      "42",
      "日本語",
      "#hashtag is not a heading",
      "    # in a code block",
      "<!-- note --> Text after a comment",
    ]) {
      expect(hasArticleText(body), JSON.stringify(body)).toBe(true);
    }
  });
});

describe("articleBodyProblem", () => {
  it("names no text and a body over the limit, with the limit", () => {
    expect(articleBodyProblem("Text")).toBeUndefined();
    expect(articleBodyProblem("x".repeat(MAX_ARTICLE_BODY_CHARS))).toBeUndefined();
    expect(articleBodyProblem("# Only a heading")).toBe("has no text (only whitespace, headings or markup)");
    expect(articleBodyProblem("x".repeat(MAX_ARTICLE_BODY_CHARS + 1))).toBe(
      "is 100,001 characters long; the limit is 100,000 characters",
    );
  });

  it("assertArticleBody refuses with VALIDATION_FAILED naming the field", () => {
    expect(() => assertArticleBody(" ", "/articles/2/body")).toThrow(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        details: [{ path: "/articles/2/body", message: "has no text (only whitespace, headings or markup)" }],
      }),
    );
  });
});
