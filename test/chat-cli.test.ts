import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support.js";

// `vouch chat` as a user runs it: the built CLI as a process, talking over HTTP to a listening server.
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "vouch-chat-"));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `vouch chat …` with `input` on stdin; async, so this process's server keeps answering. */
function chat(args: readonly string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  const base: Record<string, string | undefined> = { ...process.env, VOUCH_DATA_DIR: dataDir, ...env };
  for (const k of ["WIDGET_KEY", "VOUCH_URL"]) if (!(k in env)) delete base[k];
  const child = spawn(process.execPath, [CLI, "chat", ...args], { env: base });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += String(d);
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stdout, stderr })));
}

const exchanges = (out: string) =>
  out
    .trim()
    .split(/\n(?=\{)/)
    .map((s) => JSON.parse(s) as Record<string, unknown>);

/**
 * A server that hangs up on every connection, on a port the system picks and this test holds: no Vouch
 * there, without betting that a released port stays free.
 */
async function hangingUp(): Promise<{ url: string; close: () => Promise<void> }> {
  const s = createServer((socket) => socket.destroy());
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => s.close(() => r())) };
}

describe("vouch chat talks to a server over HTTP", () => {
  let t: TestApp;
  let url = "";
  beforeAll(async () => {
    t = await createTestApp("sqlite");
    url = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("asks, rates, starts anew and asks for a person, with the conversation's token", async () => {
    const r = await chat(
      ["--url", url, "--key", t.keys.widget, "--json"],
      "How do I reset my password?\n/good\n/new\nhow do I export my data\n/human\n/quit\n",
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [first, thanks, second, human] = exchanges(r.stdout);
    expect(first).toMatchObject({ citations: [{ title: "Reset your password" }], handoff: null });
    expect(first).not.toHaveProperty("decision"); // a widget key gets the customer's view
    expect(thanks).toMatchObject({ message: { content: "That helped, thanks!" } });
    expect(second).toMatchObject({ citations: [{ title: "Export your workspace data" }] });
    expect(human).toMatchObject({ handoff: { status: "open" }, conversation: { status: "escalated" } });
    const convs = await t.store.db
      .selectFrom("conversations")
      .select(["conversation_id", "channel"])
      .where("tenant_id", "=", t.tenantId)
      .execute();
    expect(convs.map((c) => c.channel)).toEqual(["cli", "cli"]);
  });

  it("takes the server and key from VOUCH_URL and WIDGET_KEY, or the demo's key file", async () => {
    const fromEnv = await chat(["--json"], "forgot my password\n", {
      VOUCH_URL: url,
      WIDGET_KEY: t.keys.widget,
    });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(exchanges(fromEnv.stdout)).toHaveLength(1);
    writeFileSync(join(dataDir, "demo-keys.json"), JSON.stringify({ widget: t.keys.widget }));
    try {
      const fromFile = await chat(["--url", url], "forgot my password\n");
      expect(fromFile.status, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toContain("agent> ");
      expect(fromFile.stdout).toContain("Source: Reset your password");
    } finally {
      rmSync(join(dataDir, "demo-keys.json"));
    }
  });

  it("says plainly when no server answers, the key is wrong or there is none", async () => {
    const nobody = await hangingUp();
    try {
      // Node 20's fetch may leave such a request unsettled: the chat's own timeout ends the wait.
      const down = await chat(["--url", nobody.url, "--key", t.keys.widget, "--timeout", "3"], "hi\n");
      expect(down.status).toBe(69);
      expect(
        down.stderr.startsWith(`error SERVER_UNREACHABLE: cannot reach a Vouch server at ${nobody.url} (`),
      ).toBe(true);
    } finally {
      await nobody.close();
    }
    const forever = await chat(["--url", url, "--key", t.keys.widget, "--timeout", "0"], "hi\n");
    expect(forever.status).toBe(2);
    expect(forever.stderr).toContain(
      "error VALIDATION_FAILED: --timeout must be a positive number of seconds, not 0",
    );
    const wrong = await chat(["--url", url, "--key", `${t.keys.widget.slice(0, -4)}AAAA`], "hi\n");
    expect(wrong.status).toBe(3);
    expect(wrong.stderr).toContain("error UNAUTHENTICATED: unknown or revoked API key");
    const none = await chat(["--url", url], "hi\n");
    expect(none.status).toBe(3);
    expect(none.stderr).toContain("error UNAUTHENTICATED: no API key");
    const notVouch = await chat(["--url", `${url}/nowhere`, "--key", t.keys.widget], "hi\n");
    expect(notVouch.status).toBe(4);
    expect(notVouch.stderr).toContain("error ROUTE_NOT_FOUND");
  });

  it("an error on one line is reported and the chat goes on", async () => {
    const r = await chat(
      ["--url", url, "--key", t.keys.widget, "--json"],
      "/good\nhi\n/good\nforgot my password\n",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Ask something first.");
    expect(r.stderr).toContain("error INVALID_STATE"); // nothing to rate after a greeting
    expect(r.stdout).toContain("Reset your password");
  });
});
