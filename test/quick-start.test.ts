import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The README's quick start, as a new user runs it: `npm start`'s command in one process (on a port the
// system picks), the README's commands verbatim in a shell beside it.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const dataDir = mkdtempSync(join(tmpdir(), "vouch-quick-start-"));
const env: Record<string, string | undefined> = {
  ...process.env,
  VOUCH_DATA_DIR: dataDir,
  VOUCH_LOG_LEVEL: "warn",
  DATABASE_URL: "",
  VOUCH_URL: undefined,
  WIDGET_KEY: undefined,
  ADMIN_KEY: undefined,
  AGENT_KEY: undefined,
};

function run(cmd: string, args: readonly string[], extra: Record<string, string> = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += String(d);
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (status) => resolve({ status, stdout, stderr })),
  );
}

/** The README's second shell block: what a user types in the other terminal. */
function readmeCommands(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## What it does"));
  const blocks = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  expect(blocks).toHaveLength(2);
  return blocks[1] ?? "";
}

describe("the README quick start works verbatim", () => {
  let server: ChildProcess;
  let banner = "";
  let url = "";
  beforeAll(async () => {
    server = spawn(process.execPath, [CLI, "start"], {
      cwd: ROOT,
      env: { ...env, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        banner += String(d);
        const m = /Vouch is serving .* at (http:\/\/\S+)/.exec(banner);
        if (m?.[1]) {
          url = m[1];
          resolve();
        }
      };
      server.stdout?.on("data", onData);
      server.stderr?.on("data", onData);
      server.once("exit", (code) => reject(new Error(`vouch start exited ${code}: ${banner}`)));
    });
  }, 240_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("npm start prints the URL it really serves and export lines for it", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
    expect(banner).toContain(`URL        ${url}`);
    expect(banner).toContain(`export VOUCH_URL='${url}'`);
    for (const name of ["ADMIN_KEY", "AGENT_KEY", "WIDGET_KEY"])
      expect(banner).toMatch(new RegExp(`export ${name}='vk_ten_\\w+_[\\w-]{43}'`));
    // `vouch demo --env` prints the same lines when told the server's address (same PORT, or --url).
    const port = new URL(url).port;
    const again = await run(process.execPath, [CLI, "demo", "--env"], { PORT: port });
    expect(again.status, again.stderr).toBe(0);
    for (const line of again.stdout.trim().split("\n")) expect(banner).toContain(line);
    const byUrl = await run(process.execPath, [CLI, "demo", "--env", "--url", "https://support.example"]);
    expect(byUrl.stdout).toContain("export VOUCH_URL='https://support.example'");
  }, 120_000);

  it("the commands for the second terminal run as written", async () => {
    const port = new URL(url).port;
    const r = await run("bash", ["-c", `set -eo pipefail\n${readmeCommands()}`], { PORT: port });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('"error"');
    expect(r.stdout).toContain('"conversationToken":"vct_');
    expect(r.stdout).toContain('"citations":[{');
    expect(r.stdout).toContain('"handoff":{"status":"open"}');
    expect(r.stdout).toContain('"items":['); // the inbox
    expect(r.stdout).toContain('"byOutcome":'); // the summary
  }, 120_000);
});
