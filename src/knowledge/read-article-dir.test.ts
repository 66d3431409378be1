import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_ARTICLE_FILE_BYTES, readArticleDir } from "./read-article-dir.js";

const root = mkdtempSync(join(tmpdir(), "vouch-kb-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding `files` (name → content). */
function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

describe("readArticleDir", () => {
  it("reads each file alone: every bad one is refused with its reason, the others are read", () => {
    const dir = folder("mixed", {
      "a-good.md": "# Good\n\nSome text.\n",
      "b-empty.md": "",
      "c-front-matter-only.md": "---\ntitle: Only\n---\n",
      "d-heading-only.md": "# Just a heading\n",
      "e-big.md": Buffer.alloc(5 * 1024 * 1024, "word "),
      "f-binary.md": Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex"),
      "g-latin1.md": Buffer.from("# Caf\xe9\n\nR\xe9glages.\n", "latin1"),
      "h-bom.markdown": "\ufeff---\ntitle: With a BOM\n---\nBody text.\n",
      "i-bad-yaml.md": "---\ntitle: [unclosed\n---\nBody.\n",
    });
    const r = readArticleDir(dir);
    expect(r.inputs.map((a) => [a.slug, a.title])).toEqual([
      ["a-good", "Good"],
      ["h-bom", "With a BOM"],
    ]);
    expect(Object.fromEntries(r.fileBySlug)).toEqual({ "a-good": "a-good.md", "h-bom": "h-bom.markdown" });
    expect(r.failures).toEqual([
      { file: "b-empty.md", code: "DATASET_INVALID", error: "b-empty.md: is empty" },
      {
        file: "c-front-matter-only.md",
        code: "DATASET_INVALID",
        error: "c-front-matter-only.md: body has no text (only whitespace, headings or markup)",
      },
      {
        file: "d-heading-only.md",
        code: "DATASET_INVALID",
        error: "d-heading-only.md: body has no text (only whitespace, headings or markup)",
      },
      {
        file: "e-big.md",
        code: "DATASET_INVALID",
        error:
          "e-big.md: is 5.0 MiB; an article file may be at most 1 MiB (a body at most 100,000 characters)",
      },
      {
        file: "f-binary.md",
        code: "DATASET_INVALID",
        error: "f-binary.md: is not a text file (a NUL byte, U+0000, at byte offset 8)",
      },
      {
        file: "g-latin1.md",
        code: "DATASET_INVALID",
        error: "g-latin1.md: is not valid UTF-8 (byte offset 5, line 1); save it as UTF-8",
      },
      {
        file: "i-bad-yaml.md",
        code: "DATASET_INVALID",
        error: expect.stringMatching(/^i-bad-yaml\.md: front matter: /),
      },
    ]);
    expect(r.skipped).toEqual([]);
  });

  it("a file of exactly the size limit is read", () => {
    const body = "x".repeat(90_000);
    const dir = folder("at-limit", {
      "a.md": `# A\n\n${body}${" ".repeat(MAX_ARTICLE_FILE_BYTES - body.length - 5)}`,
    });
    expect(readArticleDir(dir)).toMatchObject({
      inputs: [{ slug: "a", body: `# A\n\n${body}` }],
      failures: [],
    });
  });

  it("the first file by name keeps a slug; a later one giving it again is refused, naming the first", () => {
    const dir = folder("duplicates", {
      "a.md": "---\nslug: shared\n---\nFirst.\n",
      "b.md": "---\nslug: shared\n---\nSecond.\n",
      "Billing FAQ.md": "Billing answers.\n",
      "billing-faq.md": "Other billing answers.\n",
      // A file refused for its own reason takes no slug.
      "c-bad.md": "---\nslug: later\n---\n",
      "d.md": "---\nslug: later\n---\nThe article.\n",
    });
    const r = readArticleDir(dir);
    expect(r.inputs.map((a) => [a.slug, a.body])).toEqual([
      ["billing-faq", "Billing answers."],
      ["shared", "First."],
      ["later", "The article."],
    ]);
    expect(r.fileBySlug.get("later")).toBe("d.md");
    expect(r.failures.map((f) => f.error)).toEqual([
      "b.md: slug shared is already used by a.md",
      "billing-faq.md: slug billing-faq is already used by Billing FAQ.md",
      "c-bad.md: body has no text (only whitespace, headings or markup)",
    ]);
  });

  it("skips what is not an article file: other extensions, hidden files, folders; reports a broken link", () => {
    const dir = folder("others", {
      "notes.txt": "not an article",
      "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]),
      "._a.md": Buffer.from([0, 5, 22, 7, 0, 2]), // macOS metadata beside a copied file
      "a.md": "Text.\n",
    });
    mkdirSync(join(dir, "sub.md"));
    symlinkSync(join(dir, "missing.md"), join(dir, "link.md"));
    const r = readArticleDir(dir);
    expect(r.inputs.map((a) => a.slug)).toEqual(["a"]);
    expect(r.skipped).toEqual(["._a.md", "image.png", "notes.txt", "sub.md"]);
    expect(r.failures).toEqual([
      {
        file: "link.md",
        code: "DATASET_INVALID",
        error: "link.md: cannot be read: no such file (a broken link?)",
      },
    ]);
  });
});
