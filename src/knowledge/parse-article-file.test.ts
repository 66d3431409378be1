import { describe, expect, it } from "vitest";
import { parseArticleFile, slugify } from "./parse-article-file.js";

describe("parseArticleFile", () => {
  it("reads front matter and body", () => {
    const a = parseArticleFile(
      "reset-password.md",
      "---\ntitle: Reset your password\nslug: reset-password\ntags: [account]\nquestions:\n  - forgot my password\n---\n# Reset your password\n\nSteps.",
    );
    expect(a).toEqual({
      slug: "reset-password",
      title: "Reset your password",
      body: "# Reset your password\n\nSteps.",
      tags: ["account"],
      questions: ["forgot my password"],
    });
  });

  it("without front matter, takes the title from the heading and the slug from the file name", () => {
    expect(parseArticleFile("dir/Billing FAQ.md", "# Billing questions\n\nText")).toMatchObject({
      slug: "billing-faq",
      title: "Billing questions",
    });
  });

  it("names the file and the problem on bad input", () => {
    expect(() => parseArticleFile("a.md", "---\ntitle: [unclosed\n---\nbody")).toThrow(/a\.md: front matter/);
    expect(() => parseArticleFile("b.md", "---\ntitle: 42\nquestions: nope\n---\nbody")).toThrow(
      /b\.md: .*questions/,
    );
    expect(() => parseArticleFile("c.md", "---\ntitle: x\n---\n")).toThrow(/c\.md: body has no text/);
    expect(() => parseArticleFile("d.md", "---\n- a list\n---\nbody")).toThrow(/mapping/);
  });

  it("refuses a file with no text, naming the file", () => {
    const refused = (text: string) => () => parseArticleFile("kb/a.md", text);
    for (const empty of ["", "\n  \n\t"]) expect(refused(empty)).toThrow(/^kb\/a\.md: is empty$/);
    for (const text of [
      "---\ntitle: Only front matter\nslug: only\n---\n",
      "---\ntitle: Blank body\n---\n\n   \n",
      "# Just a heading\n",
      "---\ntitle: T\n---\n# Heading\n\n## Another\n<!-- todo -->\n",
    ]) {
      expect(refused(text), text).toThrow(
        expect.objectContaining({
          code: "DATASET_INVALID",
          message: "kb/a.md: body has no text (only whitespace, headings or markup)",
        }),
      );
    }
  });

  it("refuses a body over the API's limit, stating it", () => {
    expect(() => parseArticleFile("long.md", `# Long\n\n${"word ".repeat(40_000)}`)).toThrow(
      expect.objectContaining({
        code: "DATASET_INVALID",
        message: "long.md: body is 200,007 characters long; the limit is 100,000 characters",
      }),
    );
  });

  it("slugifies accents and punctuation", () => {
    expect(slugify("Café — Réglages & Sécurité!")).toBe("cafe-reglages-securite");
  });
});
