import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimits } from "../src/http/guard.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

type Err = { error: { code: string; message: string; details?: Record<string, unknown>; requestId: string } };

const LIMITS: RateLimits = {
  windowMs: 60_000,
  authFailuresPerIp: 5,
  perKey: 8,
  widgetPerIp: 4,
  anonymousPerIp: 6,
};

/** One request as it would arrive from `ip` (inject's remote address), with an optional key. */
function from(
  t: TestApp,
  ip: string,
  method: "GET" | "POST" | "PATCH" | "OPTIONS",
  url: string,
  o: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    remoteAddress: ip,
    headers: {
      ...(o.key ? { authorization: `Bearer ${o.key}` } : {}),
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
      ...o.headers,
    },
    ...(o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
  });
}

function expectRateLimited(r: LightMyRequestResponse, limit: string): void {
  expect(r.statusCode).toBe(429);
  expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  const e = json<Err>(r).error;
  expect(e.code).toBe("RATE_LIMITED");
  expect(e.details).toMatchObject({ limit, retryAfterSeconds: Number(r.headers["retry-after"]) });
  expect(e.requestId).toMatch(/^req_/);
}

for (const dialect of DIALECTS) {
  describe(`rate limits (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { server: { rateLimits: LIMITS } });
    });
    afterAll(() => t.close());

    it("refuses an address after its failed keys, with Retry-After, even when it then sends a good key", async () => {
      const guesses = [
        "vroot_guess_0123456789abcdefghijklmn", // the root key's shape
        `vk_${t.tenantId}_${"A".repeat(43)}`, // a tenant key's shape
        "not-a-key",
        undefined, // no key at all
        "vroot_another_guess_0123456789abcdef",
      ];
      for (const key of guesses) {
        const r = await from(t, "10.1.0.1", "GET", "/v1/tenants", { key });
        expect(r.statusCode).toBe(401);
      }
      expectRateLimited(
        await from(t, "10.1.0.1", "GET", "/v1/tenants", { key: "vroot_x_0123456789abcdefghijklm" }),
        "auth_failures",
      );
      // Past its failures, an address learns nothing from a guess: the right key is refused the same way.
      expectRateLimited(await from(t, "10.1.0.1", "GET", "/v1/tenants", { key: ROOT_KEY }), "auth_failures");
      expectRateLimited(
        await from(t, "10.1.0.1", "GET", "/v1/tenant", { key: t.keys.admin }),
        "auth_failures",
      );
    });

    it("does not hold one address's failures against a good key from another", async () => {
      for (let i = 0; i < LIMITS.authFailuresPerIp + 3; i++)
        await from(t, "10.1.1.1", "GET", "/v1/tenant", { key: "wrong" });
      expectRateLimited(
        await from(t, "10.1.1.1", "GET", "/v1/tenant", { key: t.keys.admin }),
        "auth_failures",
      );
      expect((await from(t, "10.1.1.2", "GET", "/v1/tenant", { key: t.keys.admin })).statusCode).toBe(200);
      expect((await from(t, "10.1.1.3", "GET", "/v1/tenants", { key: ROOT_KEY })).statusCode).toBe(200);
    });

    it("counts a key's requests across addresses, and no other key's", async () => {
      for (let i = 0; i < LIMITS.perKey; i++) {
        const r = await from(t, `10.2.0.${i + 1}`, "GET", "/v1/handoffs", { key: t.keys.agent });
        expect(r.statusCode).toBe(200);
      }
      expectRateLimited(await from(t, "10.2.0.100", "GET", "/v1/handoffs", { key: t.keys.agent }), "key");
      expect((await from(t, "10.2.0.100", "GET", "/v1/handoffs", { key: t.keys.admin })).statusCode).toBe(
        200,
      );
    });

    it("limits the root key like any other key", async () => {
      const used = 1; // the previous test's request from 10.1.1.3
      for (let i = used; i < LIMITS.perKey; i++)
        expect((await from(t, "10.3.0.1", "GET", "/v1/tenants", { key: ROOT_KEY })).statusCode).toBe(200);
      expectRateLimited(await from(t, "10.3.0.2", "GET", "/v1/tenants", { key: ROOT_KEY }), "key");
    });

    it("counts a widget key per client address, so one client cannot use up a tenant's widget", async () => {
      for (let i = 0; i < LIMITS.widgetPerIp; i++) {
        const r = await from(t, "10.4.0.1", "POST", "/v1/conversations", { key: t.keys.widget, body: {} });
        expect(r.statusCode).toBe(201);
      }
      expectRateLimited(
        await from(t, "10.4.0.1", "POST", "/v1/conversations", { key: t.keys.widget, body: {} }),
        "widget",
      );
      const other = await from(t, "10.4.0.2", "POST", "/v1/conversations", { key: t.keys.widget, body: {} });
      expect(other.statusCode).toBe(201);
    });

    it("limits requests without a key per address", async () => {
      for (let i = 0; i < LIMITS.anonymousPerIp; i++)
        expect((await from(t, "10.5.0.1", "GET", "/healthz")).statusCode).toBe(200);
      expectRateLimited(await from(t, "10.5.0.1", "GET", "/healthz"), "anonymous");
      expectRateLimited(await from(t, "10.5.0.1", "GET", "/no/such/route"), "anonymous");
      expect((await from(t, "10.5.0.2", "GET", "/healthz")).statusCode).toBe(200);
    });

    it("counts IPv6 clients by their /64, so rotating addresses within one does not escape", async () => {
      for (let i = 0; i < LIMITS.anonymousPerIp; i++)
        expect((await from(t, `2001:db8:1:2::${i + 1}`, "GET", "/healthz")).statusCode).toBe(200);
      expectRateLimited(await from(t, "2001:db8:1:2::ffff", "GET", "/healthz"), "anonymous");
    });
  });
}
