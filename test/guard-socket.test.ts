import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support.js";

// Deadlines and the connection cap live in Node's HTTP server, below inject: these tests use real sockets.
// The server is the same for both stores, so one store is enough.

/** A raw connection; `closed` settles with everything the server sent once the server closes it. */
function open(port: number): { socket: Socket; connected: Promise<void>; closed: Promise<string> } {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => {
    received += d;
  });
  socket.on("error", () => {}); // a reset is one way of being closed
  return {
    socket,
    connected: new Promise((resolve) => socket.once("connect", () => resolve())),
    closed: new Promise((resolve) => socket.once("close", () => resolve(received))),
  };
}

/** Write `chunks` one by one until the server closes the connection. */
function trickle(socket: Socket, chunks: () => string): void {
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(chunks());
  }, 20);
  socket.once("close", () => clearInterval(timer));
}

describe("connection deadlines and cap", () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp("sqlite", {
      server: {
        connections: {
          headersTimeoutMs: 200,
          requestTimeoutMs: 400,
          keepAliveTimeoutMs: 60_000,
          connectionTimeoutMs: 0,
          maxConnections: 3,
        },
      },
    });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.close());

  it("closes a connection that trickles its headers", async () => {
    const c = open(port);
    await c.connected;
    c.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    let n = 0;
    trickle(c.socket, () => `x-slow-${n++}: 1\r\n`);
    expect(await c.closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection that trickles its body", async () => {
    const c = open(port);
    await c.connected;
    c.socket.write(
      `POST /v1/conversations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.keys.widget}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
    );
    trickle(c.socket, () => " ");
    expect(await c.closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection that never sends a request", async () => {
    const c = open(port);
    await c.connected;
    expect(await c.closed).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it("refuses connections beyond the cap and serves those within it", async () => {
    const held = [open(port), open(port), open(port)];
    // Each held connection completes a request, so the server has certainly accepted it, and stays open.
    for (const c of held) {
      await c.connected;
      const answered = new Promise<void>((resolve) =>
        c.socket.on("data", (d: string) => {
          if (d.includes("\r\n\r\n")) resolve();
        }),
      );
      c.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      await answered;
    }
    const extra = open(port);
    extra.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await extra.closed).toBe("");
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
  });
});

describe("vouch serve applies the configured limits", () => {
  const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), "vouch-guard-"));
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    child = spawn(process.execPath, [CLI, "serve", "--port", "0"], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        VOUCH_DATA_DIR: dataDir,
        VOUCH_LOG_LEVEL: "warn",
        VOUCH_JOBS: "off",
        VOUCH_RATE_LIMIT_AUTH_FAILURES: "3",
        VOUCH_HEADERS_TIMEOUT_MS: "1000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise((resolve, reject) => {
      let out = "";
      const onData = (d: Buffer) => {
        out += String(d);
        const m = /Vouch is serving .* at (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers root-key guesses with 429 after VOUCH_RATE_LIMIT_AUTH_FAILURES", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${url}/v1/tenants`, {
        headers: { authorization: `Bearer vroot_guess_${i}_0123456789abcdefghij` },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("closes a slow client after VOUCH_HEADERS_TIMEOUT_MS", async () => {
    const c = open(Number(new URL(url).port));
    await c.connected;
    c.socket.write("GET /healthz HTTP/1.1\r\n");
    trickle(c.socket, () => "x-slow: 1\r\n");
    expect(await c.closed).toMatch(/^HTTP\/1\.1 408 /);
  });
});
