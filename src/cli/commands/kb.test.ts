import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmbeddedStore } from "../test-support/embedded-store.js";
import { type CommandRun, runCommand } from "../test-support/run-command.js";
import { registerKb } from "./kb.js";

// `vouch kb import` in-process against an embedded store in a temporary data directory, which it opens
// like any CLI command. SQLite only: the command is thin; reading files is tested in
// knowledge/read-article-dir.test.ts and the import on both stores in knowledge/import-articles.test.ts.

const dir = mkdtempSync(join(tmpdir(), "vouch-kb-cli-"));
let restoreEnv = () => {};
beforeAll(async () => {
  restoreEnv = await useEmbeddedStore(dir);
});
afterAll(() => {
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

const vouch = (...args: string[]): Promise<CommandRun> => runCommand(registerKb, args);

/** A folder of the knowledge base holding `files` (name → content). */
function folder(name: string, files: Record<string, string | Buffer>): string {
  const path = join(dir, name);
  mkdirSync(path);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
  return path;
}

const errorLines = (r: CommandRun) => r.stderr.split("\n").filter((l) => l.startsWith("error "));

interface ImportJson {
  dryRun: boolean;
  summary: Record<string, number>;
  results: { file: string; slug: string; status: string; version: number }[];
  failures: { file: string; code: string; error: string }[];
  skipped: string[];
}

describe("vouch kb import", () => {
  const kb = folder("kb", {
    "a-password.md": "---\ntitle: Reset your password\n---\nUse the link on the sign-in page.\n",
    "b-empty.md": "",
    "c-heading.md": "# Just a heading\n",
    "d-huge.md": Buffer.alloc(5 * 1024 * 1024, "word "),
    "e-logo.md": Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
    "f-latin1.md": Buffer.from("# Caf\xe9\n", "latin1"),
    "g-billing.md": "---\nslug: billing\n---\nInvoices are in Settings → Billing.\n",
    "h-billing-again.md": "---\nslug: billing\n---\nAnother billing page.\n",
    "notes.txt": "not an article",
  });
  const refusals = [
    "error DATASET_INVALID: b-empty.md: is empty",
    "error DATASET_INVALID: c-heading.md: body has no text (only whitespace, headings or markup)",
    "error DATASET_INVALID: d-huge.md: is 5.0 MiB; an article file may be at most 1 MiB (a body at most 100,000 characters)",
    "error DATASET_INVALID: e-logo.md: is not a text file (a NUL byte, U+0000, at byte offset 8)",
    "error DATASET_INVALID: f-latin1.md: is not valid UTF-8 (byte offset 5, line 1); save it as UTF-8",
    "error DATASET_INVALID: h-billing-again.md: slug billing is already used by g-billing.md",
  ];

  it("imports the good files, prints one error line per bad one, and exits with DATASET_INVALID's code", async () => {
    const r = await vouch("kb", "import", kb);
    expect(r.exitCode).toBe(2);
    expect(errorLines(r)).toEqual(refusals);
    expect(r.stderr).toContain(`read ${kb}: 2 articles, 6 refused, 1 other entries skipped (notes.txt)\n`);
    expect(r.stderr).toMatch(/^importing 2 articles into acme \(ten_\w+\)…$/m);
    expect(r.stdout).toMatch(/^a-password\.md\s+a-password\s+created\s+art_\w+\s+1$/m);
    expect(r.stdout).toMatch(/^g-billing\.md\s+billing\s+created\s+art_\w+\s+1$/m);
    expect(r.stdout).toMatch(/\n2 created, 0 updated, 0 unchanged, 6 refused\n$/);
  });

  it("--json prints the results, each refusal with its code, and a summary; progress stays off", async () => {
    const r = await vouch("kb", "import", kb, "--json");
    expect(r.exitCode).toBe(2);
    expect(errorLines(r)).toEqual(refusals);
    expect(r.stderr.split("\n").filter((l) => l && !l.startsWith("error "))).toEqual([]);
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(out.summary).toEqual({
      articles: 2,
      created: 0,
      updated: 0,
      unchanged: 2,
      refused: 6,
      skipped: 1,
    });
    expect(out.results.map((x) => [x.file, x.slug, x.status, x.version])).toEqual([
      ["a-password.md", "a-password", "unchanged", 1],
      ["g-billing.md", "billing", "unchanged", 1],
    ]);
    expect(out.failures).toEqual(
      refusals.map((line) => {
        const error = line.replace("error DATASET_INVALID: ", "");
        return { file: error.slice(0, error.indexOf(":")), code: "DATASET_INVALID", error };
      }),
    );
    expect(out.skipped).toEqual(["notes.txt"]);
  });

  it("--dry-run reports the same refusals and changes nothing", async () => {
    const changed = folder("kb-changed", { "a-password.md": "Changed text.\n", "b.md": "# b\n" });
    const r = await vouch("kb", "import", changed, "--dry-run", "--json");
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      results: [],
      summary: { articles: 1, refused: 1 },
    });
    const again = JSON.parse((await vouch("kb", "import", kb, "--json")).stdout) as ImportJson;
    expect(again.results.map((x) => x.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("exits 0 when every file is imported", async () => {
    const good = folder("kb-good", { "a-password.md": "New text for the password page.\n" });
    const r = await vouch("kb", "import", good);
    expect([r.exitCode, errorLines(r)]).toEqual([0, []]);
    expect(r.stdout).toMatch(/\n0 created, 1 updated, 0 unchanged, 0 refused\n$/);
  });

  it("refuses a folder with no article file, and a path that is not a folder", async () => {
    const none = folder("kb-none", { "readme.txt": "nothing" });
    for (const [path, message] of [
      [none, `no Markdown files (*.md, *.markdown) in ${none}`],
      [join(dir, "missing"), `${join(dir, "missing")} is not a folder`],
    ] as const) {
      const r = await vouch("kb", "import", path);
      expect([r.exitCode, r.stderr]).toEqual([2, `error DATASET_INVALID: ${message}\n`]);
    }
  });
});
