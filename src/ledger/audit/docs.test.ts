import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeFixture } from "../test-support/make-ledger.js";
import { PROBLEM_CODES } from "./problem-codes.js";

const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../../docs/ledger.md"), "utf8");

describe("docs/ledger.md", () => {
  it("documents every problem code with its kind", () => {
    for (const [code, spec] of Object.entries(PROBLEM_CODES)) {
      expect(doc, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${spec.kind} \\|`));
    }
  });

  // The reference verifier in the document is an independent implementation of it: running it on a
  // Vouch export keeps the document and the code in step.
  const python = spawnSync("python3", ["-c", "import cryptography"], { encoding: "utf8" });
  const dir = mkdtempSync(join(tmpdir(), "vouch-ledger-doc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(python.status !== 0)(
    "its Python reference verifier accepts a Vouch export and rejects a tampered one",
    async () => {
      const code = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
      expect(code).toBeDefined();
      const script = join(dir, "verify_export.py");
      writeFileSync(script, code!);
      const f = await makeFixture(300, [0, 1, 7, 64, 257, 300]);
      writeFileSync(join(dir, "export.jsonl"), f.text);
      writeFileSync(join(dir, "tampered.jsonl"), f.text.replace('"confidence":0.5', '"confidence":0.6'));
      const ok = spawnSync("python3", [script, join(dir, "export.jsonl"), f.key.vkey], { encoding: "utf8" });
      expect(ok.stderr).toBe("");
      expect(ok.stdout.trim()).toBe(
        `OK: 300 entries, 6 checkpoints, root ${Buffer.from(f.ledger.root()).toString("base64")}`,
      );
      const bad = spawnSync("python3", [script, join(dir, "tampered.jsonl"), f.key.vkey], {
        encoding: "utf8",
      });
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain("root mismatch at size 64");
    },
  );
});
