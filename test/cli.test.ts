import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarios } from "../src/demo/content/scenarios.js";
import { CLI } from "./cli-process.js";

// These tests run the built CLI (`npm test` builds first), as a user would.
const DEMO_ARTICLES = new URL("../src/demo/content/articles/", import.meta.url);
const dataDir = mkdtempSync(join(tmpdir(), "vouch-cli-"));
const env = { ...process.env, VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: "warn", DATABASE_URL: "" };

const vouch = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });

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
    // Every article of the demo's content, every scripted conversation played.
    expect(demo.articles).toBe(readdirSync(DEMO_ARTICLES).filter((f) => f.endsWith(".md")).length);
    expect(demo.played).toBe(scenarios.length);
    expect(demo.summary.conversations).toBe(scenarios.length);
    expect(Object.values(demo.summary.byOutcome).reduce((a, b) => a + b, 0)).toBe(scenarios.length);
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
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error DATASET_INVALID: broken\.md: front matter: /m);
    const out = JSON.parse(r.stdout) as {
      results: { slug: string; status: string }[];
      failures: { file: string; code: string }[];
    };
    expect(out.results).toEqual([expect.objectContaining({ slug: "dark-mode", status: "created" })]);
    expect(out.failures).toEqual([expect.objectContaining({ file: "broken.md", code: "DATASET_INVALID" })]);
    const again = JSON.parse(vouch("kb", "import", dir, "--json").stdout) as typeof out;
    expect(again.results[0]?.status).toBe("unchanged");
  });
});
