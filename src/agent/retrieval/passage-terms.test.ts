import { describe, expect, it } from "vitest";
import { passageTerms } from "./passage-terms.js";

describe("passage terms", () => {
  it("drops English function words and stems the rest", () => {
    expect(passageTerms("How do I reset my passwords?")).toEqual(["reset", "password"]);
  });

  it("folds case, diacritics and apostrophes like the resolver", () => {
    expect(passageTerms("Résumé déjà-vu, what's NEW")).toEqual(["resum", "deja", "vu", "what", "new"]);
  });

  it("segments scripts written without spaces into words", () => {
    const zh = passageTerms("如何重置密码");
    expect(zh.length).toBeGreaterThan(1);
    expect(zh.join("")).toBe("如何重置密码");
    const ja = passageTerms("パスワードをリセットする方法");
    expect(ja.length).toBeGreaterThan(1);
    expect(ja).toContain("パスワード");
  });

  it("keeps words of spaced non-Latin scripts whole", () => {
    expect(passageTerms("Как сбросить пароль")).toEqual(["как", "сбросить", "пароль"]);
  });

  it("reads text longer than a question's cap", () => {
    const long = `${"word ".repeat(2000)}zebra`;
    expect(passageTerms(long).at(-1)).toBe("zebra");
  });

  it("gives nothing for text without words", () => {
    expect(passageTerms("?!… 👍")).toEqual([]);
  });
});
