import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmbeddedStore } from "../test-support/embedded-store.js";
import { type CommandRun, runCommand } from "../test-support/run-command.js";
import { registerAsk } from "./ask.js";
import { registerKb } from "./kb.js";

// `vouch ask` in-process against an embedded store holding two articles of our own (SQLite only: the
// preview is planTurn, tested on both stores through the message path).

const dir = mkdtempSync(join(tmpdir(), "vouch-ask-cli-"));
let restoreEnv = () => {};
beforeAll(async () => {
  restoreEnv = await useEmbeddedStore(dir);
  const kb = join(dir, "kb");
  mkdirSync(kb);
  writeFileSync(
    join(kb, "billing.md"),
    "# Billing\n\nPlans renew monthly.\n\n## Payment methods\n\nWe accept Visa and Mastercard cards.\n\n## Refunds\n\nRefunds reach your card within ten days.\n",
  );
  writeFileSync(join(kb, "export.md"), "# Exporting data\n\nExport your projects as CSV from Settings.\n");
  const imported = await runCommand(registerKb, ["kb", "import", kb]);
  expect(imported.exitCode, imported.stderr).toBe(0);
});
afterAll(() => {
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

const vouch = (...args: string[]): Promise<CommandRun> => runCommand(registerAsk, ["ask", ...args]);

describe("vouch ask", () => {
  it("prints the answer the agent would give, and stores nothing", async () => {
    const r = await vouch("which cards do you accept?");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^answer \(answered\)/);
    expect(r.stdout).toContain("We accept Visa and Mastercard cards.");
    expect(r.stdout).toContain("Source: Billing › Payment methods (/kb/billing#payment-methods)");
    expect(r.stdout).not.toContain("lexical");
  });

  it("explains the ranking with each passage's lexical and learned evidence", async () => {
    const r = await vouch("--explain", "--top", "3", "how long do refunds take?");
    expect(r.exitCode, r.stderr).toBe(0);
    const header = r.stdout.split("\n").find((l) => l.startsWith("#  passage"));
    expect(header).toMatch(/fused\s+lexical\s+coverage\s+learned/);
    expect(r.stdout).toMatch(/^1\s+art_\S+:refunds\s+Refunds/m);
    expect(r.stdout).toContain("fused confidence");
  });

  it("gives the preview and the ranking as JSON", async () => {
    const r = await vouch("--json", "what is the capital of France");
    expect(r.exitCode, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as {
      action: string;
      reason: string;
      confidence: number;
      threshold: number;
      ranking: { rank: number; passageId: string; lexical: number; learned: number }[];
    };
    expect(p).toMatchObject({ action: "escalate", reason: "low_confidence" });
    expect(p.confidence).toBeLessThan(p.threshold);
    for (const row of p.ranking) expect(row.passageId).toMatch(/^art_/);
  });

  it("refuses a bad --top and an empty question with a stable code", async () => {
    const top = await vouch("--top", "0", "hello");
    expect(top.exitCode).not.toBe(0);
    expect(top.stderr).toContain("error VALIDATION_FAILED: --top must be a whole number from 1 to 100");
    const empty = await vouch("   ");
    expect(empty.exitCode).not.toBe(0);
    expect(empty.stderr).toContain("error VALIDATION_FAILED: message content is empty");
  });
});
