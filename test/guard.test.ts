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

  describe(`CORS and allowed origins (${dialect})`, () => {
    const SHOP = "https://shop.example.com";
    const EVIL = "https://evil.example.net";
    let t: TestApp;
    let conversationId: string;
    let token: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { server: { publicUrl: "https://api.vouch.example" } });
      const r = await t.request("PATCH", "/v1/tenant/settings", { body: { allowedOrigins: [SHOP] } });
      expect(r.statusCode, r.body).toBe(200);
      ({ conversationId, conversationToken: token } = json<{
        conversationId: string;
        conversationToken: string;
      }>(await t.request("POST", "/v1/conversations", { key: t.keys.widget, body: {} })));
    });
    afterAll(() => t.close());

    it("stores exact origins through the settings endpoint and refuses anything else", async () => {
      const tenant = json<{ settings: { allowedOrigins?: string[] } }>(await t.request("GET", "/v1/tenant"));
      expect(tenant.settings.allowedOrigins).toEqual([SHOP]);
      for (const bad of [
        "https://*.example.com",
        "https://shop.example.com/",
        "https://Shop.example.com",
        "https://shop.example.com:443",
        "https://shop.example.com/widget",
        "shop.example.com",
        "null",
        "ftp://shop.example.com",
        "",
      ]) {
        const r = await t.request("PATCH", "/v1/tenant/settings", { body: { allowedOrigins: [bad] } });
        expect(r.statusCode, bad).toBe(400);
        expect(json<Err>(r).error.code).toBe("VALIDATION_FAILED");
      }
      const dup = await t.request("PATCH", "/v1/tenant/settings", { body: { allowedOrigins: [SHOP, SHOP] } });
      expect(dup.statusCode).toBe(400);
      expect(
        json<{ settings: { allowedOrigins?: string[] } }>(await t.request("GET", "/v1/tenant")).settings
          .allowedOrigins,
      ).toEqual([SHOP]);
    });

    /** The widget starting a conversation from a page on `origin`. */
    const startFrom = (origin: string) =>
      t.request("POST", "/v1/conversations", { key: t.keys.widget, body: {}, headers: { origin } });
    const expectOriginRefused = (r: LightMyRequestResponse) => {
      expect(r.statusCode).toBe(403);
      expect(json<Err>(r).error.code).toBe("ORIGIN_NOT_ALLOWED");
      expect(r.headers["access-control-allow-origin"]).toBeUndefined();
    };

    const preflight = (url: string, origin: string, method = "POST") =>
      t.app.inject({
        method: "OPTIONS",
        url,
        headers: {
          origin,
          "access-control-request-method": method,
          "access-control-request-headers": "authorization,content-type,idempotency-key,x-conversation-token",
        },
      });

    it("answers a widget route's preflight for the widget's methods and headers", async () => {
      const r = await preflight(`/v1/conversations/${conversationId}/messages`, SHOP);
      expect(r.statusCode).toBe(204);
      expect(r.headers["access-control-allow-origin"]).toBe(SHOP);
      expect(String(r.headers["access-control-allow-methods"]).split(/,\s*/)).toEqual(["GET", "POST"]);
      expect(String(r.headers["access-control-allow-headers"]).split(/,\s*/)).toEqual(
        expect.arrayContaining(["authorization", "content-type", "idempotency-key", "x-conversation-token"]),
      );
      expect(r.headers["access-control-max-age"]).toBe("7200");
      expect(r.headers.vary).toMatch(/origin/i);
    });

    it("answers any origin's preflight on a widget route (no key, so no tenant yet), and none elsewhere", async () => {
      const widget = await preflight("/v1/conversations", EVIL);
      expect(widget.statusCode).toBe(204);
      expect(widget.headers["access-control-allow-origin"]).toBe(EVIL);
      for (const url of ["/v1/handoffs", "/v1/tenant/settings", "/v1/keys", "/v1/tenants"]) {
        const r = await preflight(url, SHOP, "GET");
        expect(r.statusCode, url).toBe(404);
        expect(r.headers["access-control-allow-origin"], url).toBeUndefined();
      }
    });

    it("lets the widget on an allowed origin call the API and read the answer", async () => {
      const r = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
        key: t.keys.widget,
        body: { content: "how do I reset my password" },
        headers: { origin: SHOP, "x-conversation-token": token },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.headers["access-control-allow-origin"]).toBe(SHOP);
      expect(r.headers["access-control-expose-headers"]).toMatch(/x-request-id/);
      expect(r.headers.vary).toMatch(/origin/i);
      const read = await t.request("GET", `/v1/conversations/${conversationId}`, {
        key: t.keys.widget,
        headers: { origin: SHOP, "x-conversation-token": token },
      });
      expect(read.statusCode).toBe(200);
      expect(read.headers["access-control-allow-origin"]).toBe(SHOP);
    });

    it("refuses a key used from an origin the tenant does not list, and tells the page nothing", async () => {
      for (const [method, url, key] of [
        ["POST", `/v1/conversations/${conversationId}/messages`, t.keys.widget],
        ["GET", `/v1/conversations/${conversationId}`, t.keys.widget],
        ["GET", "/v1/tenant", t.keys.admin],
      ] as const) {
        const r = await t.request(method, url, {
          key,
          ...(method === "POST" ? { body: { content: "hello" } } : {}),
          headers: { origin: EVIL, "x-conversation-token": token },
        });
        expectOriginRefused(r);
      }
    });

    it("judges an origin by the calling key's tenant", async () => {
      const other = json<{ adminKey: { key: string } }>(
        await t.request("POST", "/v1/tenants", {
          key: ROOT_KEY,
          body: { name: "Other", slug: "other", settings: { allowedOrigins: [EVIL] } },
        }),
      );
      expect(
        (await t.request("GET", "/v1/tenant", { key: other.adminKey.key, headers: { origin: EVIL } }))
          .statusCode,
      ).toBe(200);
      expectOriginRefused(await startFrom(EVIL));
    });

    it("accepts requests without an Origin and from the API's own origin (the /docs console)", async () => {
      const none = await t.request("GET", "/v1/tenant");
      expect(none.statusCode).toBe(200);
      expect(none.headers["access-control-allow-origin"]).toBeUndefined();
      const own = await t.request("GET", "/v1/tenant", {
        headers: { origin: "http://vouch.internal:8080", host: "vouch.internal:8080" },
      });
      expect(own.statusCode).toBe(200);
      const publicUrl = await t.request("GET", "/v1/tenant", {
        headers: { origin: "https://api.vouch.example" },
      });
      expect(publicUrl.statusCode).toBe(200);
    });

    it("refuses every origin for a tenant that lists none", async () => {
      expect(
        (await t.request("PATCH", "/v1/tenant/settings", { body: { allowedOrigins: [] } })).statusCode,
      ).toBe(200);
      expectOriginRefused(await startFrom(SHOP));
      expect(
        (await t.request("PATCH", "/v1/tenant/settings", { body: { allowedOrigins: [SHOP] } })).statusCode,
      ).toBe(200);
    });
  });
}

describe("security headers", () => {
  let http: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    http = await createTestApp("sqlite");
    https = await createTestApp("sqlite", { server: { publicUrl: "https://api.vouch.example" } });
  });
  afterAll(async () => {
    await http.close();
    await https.close();
  });

  it("marks API responses, errors included, as not to be sniffed, framed or stored", async () => {
    for (const r of [
      await http.request("GET", "/v1/tenant"),
      await http.request("GET", "/v1/tenant", { key: "wrong" }),
      await http.request("GET", "/no/such/route"),
    ]) {
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["cache-control"]).toBe("no-store");
      expect(r.headers["x-frame-options"]).toBe("DENY");
      expect(r.headers["content-security-policy"]).toMatch(/default-src 'none'/);
      expect(r.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
      expect(r.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("sends HSTS only when the public URL is HTTPS", async () => {
    const r = await https.request("GET", "/v1/tenant");
    expect(r.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect(r.headers["strict-transport-security"]).not.toMatch(/includeSubDomains/i);
  });

  it("still serves /docs and every asset its page loads, under a CSP that allows them", async () => {
    for (const t of [http, https]) {
      const page = await t.app.inject({ method: "GET", url: "/docs/" });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      const csp = String(page.headers["content-security-policy"]);
      expect(csp).not.toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).toMatch(/style-src 'self'/);
      // Over plain HTTP, upgrade-insecure-requests would send the page's asset requests to https://.
      expect(csp.includes("upgrade-insecure-requests")).toBe(t === https);
      const assets = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/docs/${m[1]}`);
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const url of [...assets, "/docs/json"]) {
        const r = await t.app.inject({ method: "GET", url });
        expect(r.statusCode, url).toBe(200);
      }
    }
  });
});
