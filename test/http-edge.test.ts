import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../src/shared/errors.js";
import { createTestApp, json, type TestApp } from "./support.js";

// Errors produced before a route runs (by the router, by Node's HTTP parser, while closing) use the same
// envelope as every other error. Node's parser errors cannot be produced through inject, so those tests
// talk to a listening server (port 0) over a raw socket.

type Err = { error: { code: string; message: string; requestId: string } };

/** A raw HTTP answer: status, lower-cased headers, body. */
interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function parseAnswers(raw: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = raw;
  while (rest.startsWith("HTTP/1.1 ")) {
    const end = rest.indexOf("\r\n\r\n");
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
    );
    const length = Number(headers["content-length"] ?? 0);
    const body = Buffer.from(rest.slice(end + 4))
      .subarray(0, length)
      .toString();
    answers.push({ status: Number(statusLine.split(" ")[1]), headers, body });
    rest = Buffer.from(rest.slice(end + 4))
      .subarray(length)
      .toString();
  }
  return answers;
}

/** Writes `data` on a new connection and reads until the server closes it. */
function exchange(port: number, data: string | Buffer): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    socket.on("data", (d) => {
      raw += d.toString("latin1");
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(parseAnswers(raw)));
    socket.write(data);
  });
}

function expectEnvelope(a: RawAnswer, code: keyof typeof ERROR_CATALOGUE): void {
  expect(a.status, a.body).toBe(ERROR_CATALOGUE[code].status);
  expect(a.headers["content-type"]).toMatch(/^application\/json/);
  const e = (JSON.parse(a.body) as Err).error;
  expect(e.code).toBe(code);
  expect(e.requestId).toMatch(/^req_/);
  expect(a.headers["x-request-id"]).toBe(e.requestId);
}

describe("errors outside routes use the envelope (inject)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
  });
  afterAll(() => t.close());

  it("a path id longer than any id → 414 URI_TOO_LONG", async () => {
    const r = await t.request("GET", `/v1/conversations/${"x".repeat(101)}`, { key: t.keys.widget });
    expect(r.statusCode).toBe(414);
    const e = json<Err>(r).error;
    expect(e.code).toBe("URI_TOO_LONG");
    expect(e.requestId).toMatch(/^req_/);
    expect(e.message.length).toBeLessThan(100); // the path is not echoed back
    expect(r.headers["x-request-id"]).toBe(e.requestId);
  });

  it("a path whose percent-encoding is not UTF-8 → 400 MALFORMED_REQUEST", async () => {
    for (const path of ["/v1/conversations/%E0%A4%A", "/v1/conversations/%ff", "/v1/articles/%ED%A0%80"]) {
      const r = await t.request("GET", path);
      expect(r.statusCode, path).toBe(400);
      expect(json<Err>(r).error.code, path).toBe("MALFORMED_REQUEST");
      expect(json<Err>(r).error.requestId, path).toMatch(/^req_/);
    }
  });

  it("keeps a client X-Request-Id of a safe shape, replaces any other", async () => {
    const kept = await t.request("GET", "/healthz", { headers: { "x-request-id": "lb-1a2b:3c.4_d" } });
    expect(kept.headers["x-request-id"]).toBe("lb-1a2b:3c.4_d");
    const err = await t.request("GET", "/v1/nothing", { headers: { "x-request-id": "trace-42" } });
    expect(json<Err>(err).error.requestId).toBe("trace-42");
    for (const sent of ["<script>alert(1)</script>", "a b", "x".repeat(65), "", "é", "id;drop"]) {
      const r = await t.request("GET", "/v1/nothing", { headers: { "x-request-id": sent } });
      expect(r.headers["x-request-id"], sent).toMatch(/^req_[0-9A-Z]{26}$/);
      expect(json<Err>(r).error.requestId, sent).toBe(r.headers["x-request-id"]);
    }
  });

  it("redirects a browser opening / to the API reference", async () => {
    const r = await t.request("GET", "/", { key: null });
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe("/docs");
  });
});

describe("errors of Node's HTTP parser use the envelope (listening socket)", () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.close());

  it("headers over the limit → 431 HEADERS_TOO_LARGE", async () => {
    const [a] = await exchange(
      port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expectEnvelope(a as RawAnswer, "HEADERS_TOO_LARGE");
  });

  it("a URL over the limit → 431 HEADERS_TOO_LARGE", async () => {
    const [a] = await exchange(
      port,
      `GET /v1/articles?after=${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expectEnvelope(a as RawAnswer, "HEADERS_TOO_LARGE");
  });

  it("a malformed request line, or a control character in a header → 400 MALFORMED_REQUEST", async () => {
    for (const request of [
      "GARBAGE\r\n\r\n",
      "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0000b\r\n\r\n",
      "POST /v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    ]) {
      const [a] = await exchange(port, Buffer.from(request, "latin1"));
      expectEnvelope(a as RawAnswer, "MALFORMED_REQUEST");
    }
  });

  it("a request not received in time → 408 REQUEST_TIMEOUT", async () => {
    // Node answers its request timeout through the same clientError event; the timeout itself is
    // configuration, so the event is raised here on a real connection.
    const server = t.app.server;
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    const client = connect(port, "127.0.0.1");
    let raw = "";
    client.on("data", (d) => {
      raw += d.toString();
    });
    const closed = new Promise((resolve) => client.on("close", resolve));
    const socket = await accepted;
    server.emit(
      "clientError",
      Object.assign(new Error("timeout"), { code: "ERR_HTTP_REQUEST_TIMEOUT" }),
      socket,
    );
    await closed;
    expectEnvelope(parseAnswers(raw)[0] as RawAnswer, "REQUEST_TIMEOUT");
  });

  it("keeps serving after all of them", async () => {
    const [a] = await exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(a?.status).toBe(200);
  });
});

describe("a request that arrives while the server stops → 503 SHUTTING_DOWN", () => {
  it("answers the in-flight request, and the next one on the same connection with the envelope", async () => {
    const t = await createTestApp("sqlite", { seed: false });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    t.app.get("/test/slow", { config: { access: "public" } }, async () => {
      entered();
      await gate;
      return { ok: true };
    });
    let stopping = () => {};
    const preClosed = new Promise<void>((resolve) => {
      stopping = resolve;
    });
    t.app.addHook("preClose", async () => stopping());
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (t.app.server.address() as { port: number }).port;

    const socket = connect(port, "127.0.0.1");
    let raw = "";
    socket.on("data", (d) => {
      raw += d.toString();
    });
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.write("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
    await inHandler;
    const closing = t.app.close();
    await preClosed;
    const arrived = new Promise((resolve) => t.app.server.once("request", resolve));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await arrived;
    release();
    await closing;
    await closed;
    const [first, second] = parseAnswers(raw);
    expect(first?.status).toBe(200);
    expectEnvelope(second as RawAnswer, "SHUTTING_DOWN");
    expect(second?.headers.connection).toBe("close");
    await t.store.dispose();
  });
});
