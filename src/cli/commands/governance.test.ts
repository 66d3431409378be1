import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateContract, storeContract } from "../../contract/index.js";
import { insertConversation, windowsFrom } from "../../conversations/index.js";
import { DAY, systemClock } from "../../shared/clock.js";
import { migrateToLatest, openStore } from "../../store/index.js";
import { createTenant, DEFAULT_SETTINGS } from "../../tenants/index.js";
import { type CommandRun, runCommand } from "../test-support/run-command.js";
import { registerGovernance } from "./governance.js";
import { registerKb } from "./kb.js";

// `vouch governance status|retention run` in-process against an embedded store in a temporary data
// directory, at the real time (the commands open the configured store like any CLI command). SQLite only:
// the CLI is thin, and the use cases run on both stores in test/governance-{retention,status}.test.ts.

const dir = mkdtempSync(join(tmpdir(), "vouch-governance-cli-"));
// Without its term's end date: this test runs at the real time, and the example's term ends one day.
const careful = readFileSync(
  new URL("../../../examples/contracts/careful-buyer.yaml", import.meta.url),
  "utf8",
).replace(/^(term:\n {2}start: .*\n) {2}end: .*\n/m, "$1");
const saved = {
  dataDir: process.env.VOUCH_DATA_DIR,
  databaseUrl: process.env.DATABASE_URL,
  region: process.env.VOUCH_REGION,
};
let conversationId = "";

beforeAll(async () => {
  process.env.VOUCH_DATA_DIR = dir;
  process.env.DATABASE_URL = "";
  delete process.env.VOUCH_REGION;
  const store = openStore({ sqliteFile: join(dir, "vouch.db") });
  await migrateToLatest(store);
  const deps = { store, clock: systemClock };
  const { tenant } = await createTenant(deps, { name: "Acme", slug: "acme" });
  const stored = await storeContract(deps, tenant.id, careful, "vouch test");
  await activateContract(deps, tenant.id, { contractId: stored.detail.contract.id, actor: "vouch test" });
  // A conversation last active 400 days ago: past the personal-data period (365), not the text's (730).
  const then = Date.now() - 400 * DAY;
  conversationId = await store.transaction(async (trx) => {
    const { conv } = await insertConversation(
      { tx: trx, tenantId: tenant.id, now: then },
      { customerRef: "cust-cli" },
      windowsFrom(DEFAULT_SETTINGS),
    );
    await trx
      .insertInto("messages")
      .values({
        tenant_id: tenant.id,
        message_id: `msg_${"0".repeat(26)}`,
        conversation_id: conv.conversation_id,
        seq: 1,
        role: "customer",
        intent: "question",
        content: "how do I reset my password",
        author_id: null,
        decision_id: null,
        created_at: then,
      })
      .execute();
    return conv.conversation_id;
  });
  await store.close();
});
afterAll(() => {
  for (const [k, v] of [
    ["VOUCH_DATA_DIR", saved.dataDir],
    ["DATABASE_URL", saved.databaseUrl],
    ["VOUCH_REGION", saved.region],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

const vouch = (...args: string[]): Promise<CommandRun> => runCommand(registerGovernance, args);

const customerRef = async () => {
  const store = openStore({ sqliteFile: join(dir, "vouch.db") });
  try {
    const row = await store.db
      .selectFrom("conversations")
      .select("customer_ref")
      .where("conversation_id", "=", conversationId)
      .executeTakeFirstOrThrow();
    return row.customer_ref;
  } finally {
    await store.close();
  }
};

describe("vouch governance", () => {
  it("status shows the terms in force per tenant", async () => {
    const r = await vouch("governance", "status");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Deployment region: undeclared (set VOUCH_REGION)");
    expect(r.stdout).toMatch(/acme \(ten_\w{26}\)/);
    expect(r.stdout).toMatch(/residency\s+undeclared: /);
    expect(r.stdout).toMatch(/retention\s+conversations 730 d, personal data 365 d, training data 730 d/);
    expect(r.stdout).toMatch(/notice\s+30 days/);
    expect(r.stdout).toMatch(/billable\s+resolution/);
    const j = JSON.parse((await vouch("governance", "status", "--tenant", "acme", "--json")).stdout) as {
      deploymentRegion: string | null;
      tenants: { terms: { noticeDays: number }; residency: { status: string } }[];
    };
    expect(j.deploymentRegion).toBeNull();
    expect(j.tenants).toHaveLength(1);
    expect(j.tenants[0]).toMatchObject({ terms: { noticeDays: 30 }, residency: { status: "undeclared" } });
  });

  it("status exits 1 when a tenant's contract requires processing in another region", async () => {
    process.env.VOUCH_REGION = "us";
    try {
      const r = await vouch("governance", "status");
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain("Deployment region: us");
      expect(r.stdout).toMatch(/residency\s+mismatch: the contract requires data stored and processed in eu/);
      // Nor does the CLI process the tenant's data there: retention and imports are refused.
      const retention = await vouch("governance", "retention", "run", "--json", "--quiet");
      expect(JSON.parse(retention.stdout).tenants[0]).toMatchObject({
        error: { code: "RESIDENCY_REFUSED" },
        counts: { customerRefs: 0 },
      });
      expect(retention.exitCode).toBe(1);
      mkdirSync(join(dir, "kb"), { recursive: true });
      writeFileSync(join(dir, "kb", "a.md"), "---\ntitle: A\n---\nBody.\n");
      const kb = await runCommand(registerKb, ["kb", "import", join(dir, "kb")]);
      expect([kb.exitCode, kb.stderr]).toEqual([5, expect.stringContaining("error RESIDENCY_REFUSED: ")]);
    } finally {
      delete process.env.VOUCH_REGION;
    }
    process.env.VOUCH_REGION = "moon";
    try {
      const bad = await vouch("governance", "status");
      expect(bad.exitCode).toBe(78);
      expect(bad.stderr).toMatch(/^error CONFIG_INVALID: .*VOUCH_REGION/);
    } finally {
      delete process.env.VOUCH_REGION;
    }
  });

  it("retention run --dry-run counts and changes nothing; run applies, records and is idempotent", async () => {
    const dry = await vouch("governance", "retention", "run", "--dry-run", "--json");
    expect(dry.exitCode, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      tenants: { slug: string; counts: Record<string, number>; recorded: unknown }[];
    };
    expect(report.dryRun).toBe(true);
    expect(report.tenants[0]).toMatchObject({
      slug: "acme",
      counts: { customerRefs: 1, messages: 0 },
      recorded: null,
    });
    expect(await customerRef()).toBe("cust-cli");

    const r = await vouch("governance", "retention", "run");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("acme: personal data: 1 examined");
    expect(r.stdout).toMatch(/^tenant\s+conversations\s+messages/);
    expect(r.stdout).toMatch(/acme\s+0\s+0\s+0\s+1\s+0\s+0\s+0\s+0\s+0\s+recorded in ledger/);
    expect(await customerRef()).toBeNull();

    const again = await vouch("governance", "retention", "run", "--quiet");
    expect(again.stderr).toBe("");
    expect(again.stdout).toMatch(/acme(\s+0){9}\s+nothing to remove/);
  });

  it("an unknown tenant is NOT_FOUND", async () => {
    const r = await vouch("governance", "retention", "run", "--tenant", "nope");
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/^error NOT_FOUND: tenant nope not found/);
  });
});
