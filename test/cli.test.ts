import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// These tests run the built CLI (`npm test` builds first), as a user would.
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "vouch-cli-"));
const env = { ...process.env, VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: "warn", DATABASE_URL: "" };

const vouch = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });

function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += String(d);
      if (out.includes("Vouch is serving")) resolve(child);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

interface DemoJson {
  created: boolean;
  played: number;
  articles: number;
  keys: { tenantId: string; admin: string; agent: string; widget: string };
  summary: { conversations: number; byOutcome: Record<string, number>; openHandoffs: number };
}

let demo: DemoJson;
beforeAll(() => {
  const r = vouch("demo", "--json");
  expect(r.status, r.stderr).toBe(0);
  demo = JSON.parse(r.stdout) as DemoJson;
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("vouch CLI", () => {
  it("demo creates a tenant with a knowledge base and weeks of history, and is idempotent", () => {
    expect(demo.created).toBe(true);
    expect(demo.articles).toBeGreaterThanOrEqual(40);
    expect(demo.played).toBeGreaterThanOrEqual(100);
    expect(demo.summary.byOutcome.resolved).toBeGreaterThan(0);
    expect(demo.summary.byOutcome.escalated).toBeGreaterThan(0);
    expect(demo.summary.openHandoffs).toBeGreaterThan(0); // recent escalations wait in the inbox
    const again = JSON.parse(vouch("demo", "--json").stdout) as DemoJson;
    expect(again.created).toBe(false);
    expect(again.keys).toEqual(demo.keys);
    expect(again.summary.conversations).toBe(demo.summary.conversations);
  });

  it("help lists the commands; errors print their code and exit with its exit code", () => {
    const help = vouch("--help");
    for (const c of ["serve", "start", "demo", "kb", "chat", "bench", "tenant", "key", "outcomes"])
      expect(help.stdout).toContain(c);
    const missing = vouch("key", "list", "--tenant", "no-such-tenant");
    expect(missing.status).toBe(4);
    expect(missing.stderr).toContain("error NOT_FOUND");
    const badDir = vouch("kb", "import", join(dataDir, "nope"));
    expect(badDir.status).toBe(2);
    expect(badDir.stderr).toContain("error DATASET_INVALID");
  });

  it("kb import imports good files, reports bad ones, and is idempotent", () => {
    const dir = join(dataDir, "kb");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "dark-mode.md"),
      "---\ntitle: Dark mode\nquestions: [how do I turn on dark mode]\n---\n# Dark mode\n\nSettings → Appearance.",
    );
    writeFileSync(join(dir, "broken.md"), "---\ntitle: [oops\n---\nbody");
    const r = vouch("kb", "import", dir, "--json");
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      results: { slug: string; status: string }[];
      failures: { file: string }[];
    };
    expect(out.results).toEqual([expect.objectContaining({ slug: "dark-mode", status: "created" })]);
    expect(out.failures.map((f) => f.file)).toEqual(["broken.md"]);
    const again = JSON.parse(vouch("kb", "import", dir, "--json").stdout) as typeof out;
    expect(again.results[0]?.status).toBe("unchanged");
  });

  it("a crash (SIGKILL) mid-traffic loses no accepted message", async () => {
    const port = 31_000 + Math.floor(Math.random() * 4000);
    const url = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${demo.keys.widget}`, "content-type": "application/json" };
    let server = await serve(port);
    const accepted: { conversationId: string; token: string; messageId: string }[] = [];
    // Keep 8 customers sending until some messages are acknowledged, then kill the process mid-stream.
    let killed = false;
    const customer = async (c: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const r = await fetch(`${url}/v1/conversations`, {
            method: "POST",
            headers,
            body: JSON.stringify({ content: `customer ${c} question ${i}: how do I reset my password?` }),
          });
          if (r.status === 201) {
            const b = (await r.json()) as {
              conversationId: string;
              conversationToken: string;
              exchange: { message: { id: string } };
            };
            accepted.push({
              conversationId: b.conversationId,
              token: b.conversationToken,
              messageId: b.exchange.message.id,
            });
          }
        } catch {
          // Requests in flight when the process dies fail on the client; they were never acknowledged.
        }
        if (accepted.length >= 20 && !killed) {
          killed = true;
          server.kill("SIGKILL");
        }
      }
    };
    const exited = new Promise((r) => server.once("exit", r));
    await Promise.all(Array.from({ length: 8 }, (_, c) => customer(c)));
    await exited;
    expect(accepted.length).toBeGreaterThanOrEqual(20);

    server = await serve(port);
    try {
      for (const a of accepted) {
        const r = await fetch(`${url}/v1/conversations/${a.conversationId}`, {
          headers: { ...headers, "x-conversation-token": a.token },
        });
        expect(r.status).toBe(200);
        const b = (await r.json()) as { messages: { id: string; role: string }[] };
        expect(b.messages.map((m) => m.id)).toContain(a.messageId);
        expect(b.messages.map((m) => m.role)).toEqual(["customer", "ai"]);
      }
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    // Every accepted message's decision has its ledger entry (queued in the message's transaction, so
    // it survived the crash), and the clean stop sequenced the queue: nothing is left waiting.
    const db = new Database(join(dataDir, "vouch.db"), { readonly: true });
    try {
      const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
      expect(count("select count(*) n from ledger_pending")).toBe(0);
      const decisions = count("select count(*) n from decisions");
      expect(decisions).toBeGreaterThanOrEqual(accepted.length);
      expect(count("select count(*) n from ledger_entries where type = 'decision'")).toBe(decisions);
    } finally {
      db.close();
    }
  });
});
