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
    expect(() => parseArticleFile("c.md", "---\ntitle: x\n---\n")).toThrow(/c\.md: .*body/);
    expect(() => parseArticleFile("d.md", "---\n- a list\n---\nbody")).toThrow(/mapping/);
  });

  it("slugifies accents and punctuation", () => {
    expect(slugify("Café — Réglages & Sécurité!")).toBe("cafe-reglages-securite");
  });
});
