// The `vouch audit` CLI edge: audit.ts is a thin parse-call-print layer over verifyExport and
// verifyProofBundle.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { proveEntry } from "../../ledger/index.js";
import { makeFixture } from "../../ledger/test-support/make-ledger.js";
import { runCommand } from "../test-support/run-command.js";
import { registerAudit } from "./audit.js";

const fixture = await makeFixture(120, [50, 120]);
const dir = mkdtempSync(join(tmpdir(), "vouch-audit-cli-"));
const exportFile = join(dir, "export.jsonl");
const keyFile = join(dir, "ledger.vkey");
writeFileSync(exportFile, fixture.text);
writeFileSync(keyFile, `# current key\n${fixture.key.vkey}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function run(...args: string[]): Promise<{ out: string; err: string; exit: number }> {
  const r = await runCommand(registerAudit, ["audit", "verify", ...args]);
  return { out: r.stdout, err: r.stderr, exit: r.exitCode };
}

describe("vouch audit verify", () => {
  it("exits 0 and summarises a clean export (key given inline or as a file)", async () => {
    const inline = await run(exportFile, "--key", fixture.key.vkey);
    expect(inline.exit).toBe(0);
    expect(inline.out).toContain("verified: 120 entries, 2 checkpoints, 1 consistency proofs");
    const fromFile = await run(exportFile, "--key", keyFile, "--check-entries");
    expect(fromFile.exit).toBe(0);
  });

  it("prints the report as JSON on stdout, progress only on stderr", async () => {
    const r = await run(exportFile, "--key", keyFile, "--json");
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, entries: 120 });
  });

  it("exits 1 with the problem code when the export was tampered with", async () => {
    const tampered = join(dir, "tampered.jsonl");
    writeFileSync(tampered, fixture.text.replace('"seq":7,', '"seq":8,'));
    const r = await run(tampered, "--key", keyFile);
    expect(r.exit).toBe(1);
    expect(r.out).toContain("NOT VERIFIED: ENTRY_SEQ_MISMATCH");
    expect(r.err).toContain("error LEDGER_VERIFICATION_FAILED: ENTRY_SEQ_MISMATCH");
    const json = await run(tampered, "--key", keyFile, "--json");
    expect(JSON.parse(json.out).problem).toMatchObject({ code: "ENTRY_SEQ_MISMATCH", seq: 7 });
  });

  it("exits 2 on bad input: no key, a malformed key, a missing file, not an export", async () => {
    expect((await run(exportFile)).exit).toBe(2);
    expect((await run(exportFile, "--key", "nonsense")).err).toContain("LEDGER_KEY_INVALID");
    expect((await run(join(dir, "missing.jsonl"), "--key", keyFile)).exit).toBe(2);
    const notExport = join(dir, "notes.txt");
    writeFileSync(notExport, "hello\n");
    const r = await run(notExport, "--key", keyFile);
    expect(r.exit).toBe(2);
    expect(r.err).toContain("LEDGER_EXPORT_INVALID: HEADER_INVALID");
  });

  it("verifies a proof file from `vouch audit prove`", async () => {
    const proofFile = join(dir, "proof.json");
    writeFileSync(proofFile, JSON.stringify(await proveEntry(fixture.ledger, 33), null, 2));
    const ok = await run(proofFile, "--key", keyFile);
    expect(ok.exit).toBe(0);
    expect(ok.out).toContain("entry 33 is in");
    const bad = JSON.parse(JSON.stringify(await proveEntry(fixture.ledger, 33)));
    bad.seq = 34;
    writeFileSync(proofFile, JSON.stringify(bad));
    expect((await run(proofFile, "--key", keyFile)).exit).toBe(1);
  });
});
