import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileYaml } from "../src/contract/test-support/hostile-yaml.js";
import { PG_URL } from "../src/store/test-support/test-store.js";
import { DIALECTS } from "./support.js";

// The CLI writes text from files (`vouch kb import`, `vouch contract upload`): the same rule as the API,
// on both stores, with the built CLI as a user runs it. On PostgreSQL a U+0000 used to fail as INTERNAL.
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

for (const dialect of DIALECTS) {
  describe(`the CLI refuses text no store can hold (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), "vouch-text-cli-"));
    const env: Record<string, string | undefined> = {
      ...process.env,
      VOUCH_DATA_DIR: dir,
      VOUCH_LOG_LEVEL: "warn",
      DATABASE_URL: "",
    };
    const vouch = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });

    beforeAll(async () => {
      if (dialect === "postgres") {
        // A schema of this test run (dropped with the others when the run ends: test/global-setup.ts).
        const schema = `t_${process.env.VOUCH_TEST_RUN ?? "adhoc"}_cli_${randomBytes(4).toString("hex")}`;
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`create schema ${schema}`);
        await client.end();
        env.DATABASE_URL = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      }
      const created = vouch("tenant", "create", "Acme", "--slug", "acme");
      expect(created.status, created.stderr).toBe(0);
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("kb import reports a file holding U+0000 and skips it; the others are imported", () => {
      const kb = join(dir, "kb");
      mkdirSync(kb);
      writeFileSync(join(kb, "a-good.md"), "# Reset your password\n\nUse the link on the sign-in page.\n");
      writeFileSync(join(kb, "b-nul-body.md"), "# Broken\n\nA body with a \u0000 in it.\n");
      writeFileSync(join(kb, "c-nul-escape.md"), '---\ntitle: "a\\0b"\n---\nBody.\n');
      const r = vouch("kb", "import", kb, "--json");
      expect(r.stderr).not.toMatch(/INTERNAL/);
      expect(r.status, r.stderr).toBe(2);
      const out = JSON.parse(r.stdout) as {
        results: { slug: string; status: string }[];
        failures: { file: string; error: string }[];
      };
      expect(out.results).toEqual([expect.objectContaining({ slug: "a-good", status: "created" })]);
      expect(out.failures).toEqual([
        // A NUL byte in a file makes it binary, not text; a YAML escape decodes to U+0000.
        {
          file: "b-nul-body.md",
          code: "DATASET_INVALID",
          error: expect.stringMatching(/is not a text file \(a NUL byte, U\+0000/),
        },
        {
          file: "c-nul-escape.md",
          code: "DATASET_INVALID",
          error: expect.stringMatching(/title must not contain U\+0000/),
        },
      ]);
    });

    it("contract upload refuses a document holding U+0000 as CONTRACT_INVALID, never INTERNAL", () => {
      const careful = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");
      const literal = join(dir, "literal.yaml");
      writeFileSync(literal, `${careful}# a comment\u0000\n`);
      const escaped = join(dir, "escaped.yaml");
      writeFileSync(escaped, careful.replace(/^ {2}name: .*$/m, '  name: "careful\\0buyer"'));
      for (const file of [literal, escaped]) {
        const r = vouch("contract", "upload", file);
        expect(r.stderr, file).toMatch(/^error CONTRACT_INVALID: .*invalid-character/m);
        expect(r.status, file).toBe(2);
      }
      const list = vouch("contract", "list", "--json");
      expect(list.status, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toMatchObject({ items: [] });
    });

    it("contract validate and upload refuse a document beyond the parser's limits", () => {
      const nested = join(dir, "nested.yaml");
      writeFileSync(nested, hostileYaml.flowNesting(200_000));
      for (const command of ["validate", "lint", "upload"]) {
        const r = vouch("contract", command, nested);
        expect(r.stderr, command).toMatch(/^error CONTRACT_TOO_COMPLEX: .*nesting deeper than 64/m);
        expect(r.status, command).toBe(2);
      }
    });
  });
}
