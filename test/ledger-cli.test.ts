// End to end on both stores: activity through the use cases, `vouch audit export | prove | checkpoint |
// keys | rotate-key` through the CLI (in-process), `vouch audit verify` offline, and tampering with the
// real database detected.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/config.js";
import { openRuntime } from "../src/app/open-runtime.js";
import { registerAudit } from "../src/cli/commands/audit.js";
import { runCommand } from "../src/cli/test-support/run-command.js";
import { importArticles } from "../src/knowledge/index.js";
import { openStore, type Store } from "../src/store/index.js";
import { DIALECTS, PG_URL } from "../src/store/test-support/test-store.js";
import { createApiKey, createTenant } from "../src/tenants/index.js";
import { KB } from "./support.js";

async function vouch(...args: string[]): Promise<{ out: string; err: string; exit: number }> {
  const r = await runCommand(registerAudit, ["audit", ...args]);
  return { out: r.stdout, err: r.stderr, exit: r.exitCode };
}

const savedEnv = { ...process.env };
afterAll(() => {
  process.env = savedEnv;
});

for (const dialect of DIALECTS) {
  describe(`vouch audit against the database (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), "vouch-ledger-cli-"));
    const schema = `t_cli_${Math.random().toString(16).slice(2, 10)}`;
    let tenantId = "";
    let articleId = "";
    let store: Store;
    const file = (name: string) => join(dir, name);

    beforeAll(async () => {
      process.env = { ...savedEnv, VOUCH_DATA_DIR: dir, VOUCH_LOG_LEVEL: "silent", DATABASE_URL: "" };
      if (dialect === "postgres") {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        process.env.DATABASE_URL = `${PG_URL}?options=-c%20search_path%3D${schema}`;
      }
      const rt = await openRuntime(loadConfig());
      try {
        const t = await createTenant(rt.deps, { name: "Acme", slug: "acme" });
        tenantId = t.tenant.id;
        const imported = await importArticles(rt.deps, tenantId, KB, "vouch kb import");
        articleId = imported[0]!.articleId;
        await createApiKey(rt.deps, tenantId, { scope: "auditor", name: "auditor" }, "vouch key create");
      } finally {
        await rt.close();
      }
      store = openStore({
        databaseUrl: process.env.DATABASE_URL || undefined,
        sqliteFile: join(dir, "vouch.db"),
      });
    });
    afterAll(async () => {
      await store?.close();
      if (dialect === "postgres") {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it("checkpoint publishes and prints the signed note; keys prints the public key", async () => {
      const cp = await vouch("checkpoint", "--json");
      expect(cp.exit, cp.err).toBe(0);
      expect(JSON.parse(cp.out)).toMatchObject({
        tenant: "acme",
        published: true,
        checkpoint: { treeSize: 6 },
      });
      const note = await vouch("checkpoint");
      expect(note.out).toMatch(new RegExp(`/vouch/${tenantId}\\n6\\n`));
      expect(note.out).toContain("\n\n\u2014 ");
      const keys = await vouch("keys");
      expect(keys.out.trim().split("\n")).toHaveLength(1);
      writeFileSync(file("keys.txt"), keys.out);
    });

    it("export writes a file that verifies offline with the public key", async () => {
      const r = await vouch("export", "--out", file("export.jsonl"));
      expect(r.exit, r.err).toBe(0);
      expect(r.err).toContain("exported 6 entries");
      expect(r.err).toContain("vouch audit verify");
      const v = await vouch("verify", file("export.jsonl"), "--key", file("keys.txt"), "--check-entries");
      expect(v.exit, v.out).toBe(0);
      expect(v.out).toContain("verified: 6 entries");
      const stdout = await vouch("export", "-q");
      const noTime = (t: string) => t.replace(/"createdAt":"[^"]+"/, "");
      expect(noTime(stdout.out)).toBe(noTime(readFileSync(file("export.jsonl"), "utf8")));
      expect(stdout.out.split("\n")[0]).toContain('"format":"vouch-ledger-export"');
    });

    it("prove writes proof files by seq or lists every entry about an id", async () => {
      const byId = await vouch("prove", articleId);
      expect(byId.exit, byId.err).toBe(0);
      expect(byId.out).toMatch(/^entry 2: admin knowledge\.article\.create at .* tree size 6 .*: verified$/m);
      const json = await vouch("prove", articleId, "--json");
      expect(JSON.parse(json.out)).toMatchObject({ format: "vouch-inclusion-proof", seq: 2 });
      const out = await vouch("prove", "5", "--out", file("proof.json"));
      expect(out.exit, out.err).toBe(0);
      const v = await vouch("verify", file("proof.json"), "--key", file("keys.txt"));
      expect(v.exit, v.out).toBe(0);
      expect(v.out).toContain("verified: entry 5 is in");
      expect((await vouch("prove", "conv_nothing")).exit).toBe(4);
      expect((await vouch("prove", "99")).exit).toBe(4);
      expect((await vouch("prove", "0", "--tree-size", "x")).exit).toBe(2);
    });

    it("a row changed in the database fails verification (exit 1), and passes again once restored", async () => {
      const original = await store.db
        .selectFrom("ledger_entries")
        .select("entry")
        .where("tenant_id", "=", tenantId)
        .where("seq", "=", 2)
        .executeTakeFirstOrThrow();
      const tamper = (text: string) => async () => {
        if (dialect === "postgres") {
          await sql`alter table ledger_entries disable trigger ledger_entries_append_only`.execute(store.db);
        } else {
          await sql`drop trigger if exists ledger_entries_no_update`.execute(store.db);
        }
        await store.db
          .updateTable("ledger_entries")
          .set({ entry: text })
          .where("tenant_id", "=", tenantId)
          .where("seq", "=", 2)
          .execute();
      };
      await tamper(original.entry.replace('"version":1', '"version":2'))();
      await vouch("export", "--out", file("tampered.jsonl"), "-q");
      const v = await vouch("verify", file("tampered.jsonl"), "--key", file("keys.txt"));
      expect(v.exit).toBe(1);
      expect(v.out).toContain("NOT VERIFIED: ROOT_MISMATCH");
      await tamper(original.entry)();
      await vouch("export", "--out", file("restored.jsonl"), "-q");
      expect((await vouch("verify", file("restored.jsonl"), "--key", file("keys.txt"))).exit).toBe(0);
    });

    it("rotate-key records the rotation in the log and old checkpoints keep verifying", async () => {
      const oldKey = readFileSync(file("keys.txt"), "utf8").trim();
      const r = await vouch("rotate-key");
      expect(r.exit, r.err).toBe(0);
      expect(r.out).toContain("the new key is active");
      expect(r.out).toMatch(/key\.rotate at seq 6, checkpoint 7 signed by both keys/);
      const keys = await vouch("keys", "--json");
      const listed = JSON.parse(keys.out) as { vkey: string; active: boolean }[];
      expect(listed.map((k) => k.active)).toEqual([true, false]);
      expect(listed[1]!.vkey).toBe(oldKey);
      writeFileSync(file("all-keys.txt"), listed.map((k) => k.vkey).join("\n"));
      // Rerunning generates nothing new: the rotation is done; a further one would be a new key.
      // The log grows after the rotation, signed by the new key alone.
      const rt = await openRuntime(loadConfig());
      try {
        await createApiKey(rt.deps, tenantId, { scope: "agent", name: "x" }, "vouch key create");
      } finally {
        await rt.close();
      }
      await vouch("export", "--out", file("rotated.jsonl"), "-q");
      const both = await vouch("verify", file("rotated.jsonl"), "--key", file("all-keys.txt"));
      expect(both.exit, both.out).toBe(0);
      expect(both.out).toContain("verified: 8 entries, 3 checkpoints");
      // An auditor who trusts only the old key is told which checkpoint they cannot check yet; the
      // rotation entry, signed by the old key at size 7, names the new key.
      const onlyOld = await vouch("verify", file("rotated.jsonl"), "--key", oldKey);
      expect(onlyOld.exit).toBe(1);
      expect(onlyOld.out).toContain("KEY_UNKNOWN");
      const upToRotation = await vouch("export", "--tree-size", "7", "--out", file("upto7.jsonl"), "-q");
      expect(upToRotation.exit).toBe(0);
      expect((await vouch("verify", file("upto7.jsonl"), "--key", oldKey)).exit).toBe(0);
      expect(readFileSync(file("upto7.jsonl"), "utf8")).toContain(`"newKey":"${listed[0]!.vkey}"`);
    });

    it("consistency proves an earlier checkpoint is a prefix of a later one, verifiable offline", async () => {
      const before = JSON.parse((await vouch("checkpoint", "--json")).out) as {
        checkpoint: { treeSize: number };
      };
      const n = before.checkpoint.treeSize;
      const rt = await openRuntime(loadConfig());
      try {
        await createApiKey(rt.deps, tenantId, { scope: "agent", name: "support" }, "vouch key create");
      } finally {
        await rt.close();
      }
      const text = await vouch("consistency", "--from", String(n));
      expect(text.exit, text.err).toBe(0);
      expect(text.out).toMatch(
        new RegExp(`tree size ${n} is a prefix of tree size ${n + 1} \\(\\d+ hashes\\): verified$`, "m"),
      );
      const json = await vouch("consistency", "--from", String(n), "--to", String(n + 1), "--json");
      expect(JSON.parse(json.out)).toMatchObject({
        format: "vouch-consistency-proof",
        size1: n,
        size2: n + 1,
      });
      const out = await vouch("consistency", "--from", String(n), "--out", file("consistency.json"));
      expect(out.exit, out.err).toBe(0);
      const v = await vouch("verify", file("consistency.json"), "--key", file("all-keys.txt"));
      expect(v.exit, v.out).toBe(0);
      expect(v.out).toContain(`at tree size ${n} is a prefix of tree size ${n + 1}`);
      // A forged proof (one hash flipped) does not verify.
      const forged = JSON.parse(readFileSync(file("consistency.json"), "utf8")) as { proof: string[] };
      forged.proof[0] = Buffer.alloc(32, 7).toString("base64");
      writeFileSync(file("forged.json"), JSON.stringify(forged));
      expect((await vouch("verify", file("forged.json"), "--key", file("all-keys.txt"))).exit).toBe(1);
      // Bad input: not a number (2), zero (2), a size with no checkpoint (5), from after to (2).
      expect((await vouch("consistency", "--from", "x")).exit).toBe(2);
      expect((await vouch("consistency", "--from", "0")).exit).toBe(2);
      expect((await vouch("consistency", "--from", "5", "--no-publish")).exit).toBe(5);
      expect((await vouch("consistency", "--from", String(n + 1), "--to", String(n))).exit).toBe(2);
    });
  });
}
