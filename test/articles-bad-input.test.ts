import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

// The article endpoints refuse what `vouch kb import` refuses per file (knowledge/read-article-dir.test.ts),
// each with its stable code, and store nothing of a refused request.

type Err = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
const NO_TEXT = "has no text (only whitespace, headings or markup)";

for (const dialect of DIALECTS) {
  describe(`the article API refuses bad articles (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    const slugs = async () =>
      json<{ items: { slug: string; version: number }[] }>(await t.request("GET", "/v1/articles")).items.map(
        (a) => `${a.slug}@${a.version}`,
      );
    const article = (slug: string, body: string) => ({ slug, title: slug, body });

    it("a body with no text → 400 VALIDATION_FAILED naming it, on create, import and change", async () => {
      const before = await slugs();
      for (const body of [" ", "\n\t\n", "# Only a heading", "# Title\n\n## Section\n", "<!-- todo -->"]) {
        const created = await t.request("POST", "/v1/articles", { body: article("empty", body) });
        expect(created.statusCode, JSON.stringify(body)).toBe(400);
        expect(json<Err>(created).error).toMatchObject({
          code: "VALIDATION_FAILED",
          details: [{ path: "/body", message: NO_TEXT }],
        });
      }
      const imported = await t.request("POST", "/v1/articles/import", {
        body: { articles: [article("fine", "Text."), article("empty", "# Heading")] },
      });
      expect(imported.statusCode).toBe(400);
      expect(json<Err>(imported).error).toMatchObject({
        code: "VALIDATION_FAILED",
        details: [{ path: "/articles/1/body", message: NO_TEXT }],
      });
      const id = json<{ items: { id: string }[] }>(await t.request("GET", "/v1/articles")).items[0]?.id;
      const patched = await t.request("PATCH", `/v1/articles/${id}`, { body: { body: "## Heading" } });
      expect(patched.statusCode).toBe(400);
      expect(json<Err>(patched).error.details).toEqual([{ path: "/body", message: NO_TEXT }]);
      expect(await slugs()).toEqual(before);
    });

    it("two articles with one slug in an import → 400 VALIDATION_FAILED, neither stored", async () => {
      const before = await slugs();
      const r = await t.request("POST", "/v1/articles/import", {
        body: { articles: [article("twice", "First."), article("twice", "Second.")] },
      });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error).toMatchObject({
        code: "VALIDATION_FAILED",
        details: [{ path: "/articles/1/slug", message: "repeats the slug twice of /articles/0" }],
      });
      expect(await slugs()).toEqual(before);
    });

    it("a body over 100,000 characters → 400 stating the limit; over the body limit → 413", async () => {
      const long = await t.request("POST", "/v1/articles", { body: article("long", "x".repeat(100_001)) });
      expect(long.statusCode).toBe(400);
      expect(json<Err>(long).error.code).toBe("VALIDATION_FAILED");
      expect(json<Err>(long).error.message).toMatch(/body\/body must NOT have more than 100000 characters/);
      const huge = await t.request("POST", "/v1/articles", {
        body: article("huge", "word ".repeat(1_048_576)),
      });
      expect(huge.statusCode).toBe(413);
      expect(json<Err>(huge).error.code).toBe("PAYLOAD_TOO_LARGE");
      const atLimit = await t.request("POST", "/v1/articles", {
        body: article("at-limit", "x".repeat(100_000)),
      });
      expect(atLimit.statusCode).toBe(201);
    });

    it("bytes that are not UTF-8 → 400 INVALID_UTF8; U+0000 → 400 VALIDATION_FAILED", async () => {
      const before = await slugs();
      const latin1 = await t.request("POST", "/v1/articles", {
        payload: Buffer.concat([
          Buffer.from('{"slug":"latin","title":"Caf'),
          Buffer.from([0xe9]),
          Buffer.from('","body":"Text."}'),
        ]),
        headers: { "content-type": "application/json" },
      });
      expect(latin1.statusCode).toBe(400);
      expect(json<Err>(latin1).error.code).toBe("INVALID_UTF8");
      const nul = await t.request("POST", "/v1/articles", { body: article("nul", "binary\u0000garbage") });
      expect(nul.statusCode).toBe(400);
      expect(json<Err>(nul).error).toMatchObject({
        code: "VALIDATION_FAILED",
        details: [{ path: "body/body", message: "must not contain U+0000 (NUL)" }],
      });
      expect(await slugs()).toEqual(before);
    });
  });
}
