import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerContract } from "../src/cli/commands/contract.js";
import { type CommandRun, runCommand } from "../src/cli/test-support/run-command.js";
import { systemClock } from "../src/shared/clock.js";
import { migrateToLatest, openStore } from "../src/store/index.js";
import { createTenant } from "../src/tenants/index.js";

// `vouch contract upload|activate|list|show|active` run in-process against an embedded store in a temporary
// data directory (the commands open the configured store like any CLI command). SQLite only: the CLI is a
// thin layer, and the use cases below it run on both stores in contracts-store.test.ts.

const dir = mkdtempSync(join(tmpdir(), "vouch-contract-store-cli-"));
// The examples as this deployment can activate them at the real time, whatever the date: the careful
// buyer's without its term's end date (it ends one day), the vendor's handing off to the built-in inbox
// (no Zendesk connector yet). Line numbers are unchanged but for the removed line.
const CAREFUL = join(dir, "careful-buyer.yaml");
writeFileSync(
  CAREFUL,
  readFileSync("examples/contracts/careful-buyer.yaml", "utf8").replace(
    /^(term:\n {2}start: .*\n) {2}end: .*\n/m,
    "$1",
  ),
);
const VENDOR = join(dir, "vendor-standard.yaml");
writeFileSync(
  VENDOR,
  readFileSync("examples/contracts/vendor-standard.yaml", "utf8").replace("target: zendesk", "target: inbox"),
);
const INVALID = join(dir, "invalid.yaml");
writeFileSync(
  INVALID,
  "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: x }\nsla:\n  objectivs: []\n",
);

const saved = { dataDir: process.env.VOUCH_DATA_DIR, databaseUrl: process.env.DATABASE_URL };

beforeAll(async () => {
  process.env.VOUCH_DATA_DIR = dir;
  process.env.DATABASE_URL = "";
  const store = openStore({ sqliteFile: join(dir, "vouch.db") });
  await migrateToLatest(store);
  await createTenant({ store, clock: systemClock }, { name: "Acme", slug: "acme" });
  await store.close();
});
afterAll(() => {
  process.env.VOUCH_DATA_DIR = saved.dataDir;
  process.env.DATABASE_URL = saved.databaseUrl;
  rmSync(dir, { recursive: true, force: true });
});

const vouch = (...args: string[]): Promise<CommandRun> => runCommand(registerContract, args);

const jsonOf = <T>(r: CommandRun): T => JSON.parse(r.stdout) as T;

describe("vouch contract on the store", () => {
  let careful = "";
  let vendor = "";

  it("upload refuses an invalid file with each problem located, and stores nothing", async () => {
    const r = await vouch("contract", "upload", INVALID);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`${INVALID}:5:3 unknown-key unknown key "objectivs" in sla`);
    expect(r.stderr).toMatch(/^error CONTRACT_INVALID: /);
    expect((await vouch("contract", "list")).stdout).toContain("no contracts stored");
  });

  it("upload stores a version, once per document", async () => {
    const r = await vouch("contract", "upload", CAREFUL);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^stored ctr_\w{26} version 1 "acme-support-2025" \(2026-01 signed\), draft; lint 0 error\(s\), 0 warning\(s\), 0 info\n/,
    );
    expect(r.stdout).toContain("activate it with: vouch contract activate ctr_");
    const again = jsonOf<{ created: boolean; contract: { id: string; version: number } }>(
      await vouch("contract", "upload", CAREFUL, "--json"),
    );
    expect(again).toMatchObject({ created: false, contract: { version: 1 } });
    careful = again.contract.id;
  });

  it("upload --activate --effective schedules the version; nothing is in force until then", async () => {
    const r = await vouch("contract", "upload", VENDOR, "--activate", "--effective", "2099-01-01", "--json");
    expect(r.exitCode, r.stderr).toBe(0);
    const up = jsonOf<{
      created: boolean;
      activation: { state: string; effectiveFrom: string };
      contract: { id: string; status: string };
    }>(r);
    expect(up).toMatchObject({
      created: true,
      activation: { state: "pending", effectiveFrom: "2099-01-01T00:00:00.000Z" },
      contract: { status: "scheduled" },
    });
    vendor = up.contract.id;
    const active = await vouch("contract", "active");
    expect(active.exitCode).toBe(4);
    expect(active.stderr).toMatch(/^error NOT_FOUND: no contract is in force/);
    const at = jsonOf<{ contract: { id: string } }>(
      await vouch("contract", "active", "--at", "2099-01-01", "--json"),
    );
    expect(at.contract.id).toBe(vendor);
  });

  it("activate binds a version now; active shows it with its runtime parameters", async () => {
    const r = await vouch("contract", "activate", careful);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /version 1 "acme-support-2025" \(2026-01 signed\), active\nactivation 2: in-force from /,
    );
    expect(r.stdout).toMatch(/until 2099-01-01T00:00:00.000Z, by vouch CLI \(/);
    const active = await vouch("contract", "active");
    expect(active.stdout).toContain(`in force at `);
    expect(active.stdout).toMatch(/escalation\.lowConfidence\s+0\.55\n/);
    expect(active.stdout).toMatch(/agentSettings\.negativeSentimentThreshold\s+-7\n/);
    expect(active.stdout).toMatch(/noticeDays\s+30\n/);
  });

  it("list shows the history with statuses and every activation", async () => {
    const r = await vouch("contract", "list");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^version\s+id\s+status\s+name\s+lint e\/w\/i\s+uploaded\s+effective from$/);
    expect(lines[2]).toMatch(
      new RegExp(`^\\s*2\\s+${vendor}\\s+scheduled\\s+helpbot-standard-terms\\s+\\d+/\\d+/\\d+`),
    );
    expect(lines[3]).toMatch(new RegExp(`^\\s*1\\s+${careful}\\s+active\\s+acme-support-2025\\s+0/0/0`));
    expect(r.stdout).toMatch(/\n\s*2\s+1\s+in-force\s/);
    expect(r.stdout).toMatch(/\n\s*1\s+2\s+pending\s/);
    const json = jsonOf<{ items: unknown[]; activations: unknown[] }>(
      await vouch("contract", "list", "--json"),
    );
    expect([json.items.length, json.activations.length]).toEqual([2, 2]);
  });

  it("show prints a version's findings, and the document exactly as uploaded with --document", async () => {
    const r = await vouch("contract", "show", vendor);
    expect(r.stdout).toContain(`${vendor} version 2 "helpbot-standard-terms", scheduled`);
    expect(r.stdout).toContain(`${vendor}:54:3 error VCH402 `);
    const active = await vouch("contract", "show", "active", "--document");
    expect(active.stdout.endsWith(readFileSync(CAREFUL, "utf8"))).toBe(true);
    const missing = await vouch("contract", "show", "ctr_01KE6P4YM0AAAAAAAAAAAAAAAA");
    expect([missing.exitCode, missing.stderr]).toEqual([4, expect.stringMatching(/^error NOT_FOUND/)]);
  });

  it("diff compares two stored versions by id", async () => {
    const r = await vouch("contract", "diff", careful, vendor);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("notice window");
    expect(r.stdout).toContain(`v2 (${vendor})`);
  });

  it("refuses malformed dates and --effective without --activate", async () => {
    for (const args of [
      ["activate", careful, "--effective", "01/02/2026"],
      ["activate", careful, "--effective", "2026-02-01T09:00"],
      ["upload", CAREFUL, "--effective", "2099-01-01"],
      ["activate", careful, "--effective", "2000-01-01"],
    ]) {
      const r = await vouch("contract", ...args);
      expect([r.exitCode, r.stderr], args.join(" ")).toEqual([
        2,
        expect.stringMatching(/^error VALIDATION_FAILED/),
      ]);
    }
  });
});
