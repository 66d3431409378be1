import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

type Err = {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId: string };
};

for (const dialect of DIALECTS) {
  describe(`bad input is refused with a stable code (${dialect})`, () => {
    let t: TestApp;
    let conv: string;
    let token: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      const r = await t.request("POST", "/v1/conversations", { key: t.keys.widget, body: {} });
      ({ conversationId: conv, conversationToken: token } = json<{
        conversationId: string;
        conversationToken: string;
      }>(r));
    });
    afterAll(() => t.close());

    const post = (
      body: unknown,
      extra: { payload?: string | Buffer; headers?: Record<string, string> } = {},
    ) =>
      t.request("POST", `/v1/conversations/${conv}/messages`, {
        key: t.keys.widget,
        body,
        ...extra,
        headers: { "x-conversation-token": token, ...extra.headers },
      });

    it("malformed JSON → 400 MALFORMED_JSON", async () => {
      const r = await post(undefined, {
        payload: '{"content": "hi"',
        headers: { "content-type": "application/json" },
      });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.code).toBe("MALFORMED_JSON");
      expect(json<Err>(r).error.requestId).toMatch(/^req_/);
    });

    it("prototype poisoning → 400 MALFORMED_JSON", async () => {
      const r = await post(undefined, {
        payload: '{"content":"x","__proto__":{"admin":true}}',
        headers: { "content-type": "application/json" },
      });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.code).toBe("MALFORMED_JSON");
    });

    it("wrong type → 400 VALIDATION_FAILED naming the field, never coerced", async () => {
      const r = await post({ content: 12345 });
      expect(r.statusCode).toBe(400);
      const e = json<Err>(r).error;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.details?.[0]?.path).toBe("body/content");
    });

    it("unknown field → 400 VALIDATION_FAILED naming it", async () => {
      const r = await post({ content: "hello", mood: "angry" });
      expect(r.statusCode).toBe(400);
      const e = json<Err>(r).error;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.details?.[0]?.message).toContain('"mood"');
    });

    it("missing body → 400 VALIDATION_FAILED", async () => {
      const r = await t.request("POST", `/v1/conversations/${conv}/messages`, {
        key: t.keys.widget,
        headers: { "x-conversation-token": token },
      });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.code).toBe("VALIDATION_FAILED");
    });

    it("oversized body → 413 PAYLOAD_TOO_LARGE", async () => {
      const r = await post({ content: "x".repeat(1024 * 1024 + 10) });
      expect(r.statusCode).toBe(413);
      expect(json<Err>(r).error.code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("empty and whitespace-only messages → 400", async () => {
      for (const content of ["", "   \n\t  ", "\u200b\u200b"]) {
        const r = await post({ content });
        expect(r.statusCode, JSON.stringify(content)).toBe(400);
        expect(json<Err>(r).error.code).toBe("VALIDATION_FAILED");
      }
    });

    it("a huge message under the body limit → 400, nothing stored", async () => {
      const before = await t.request("GET", `/v1/conversations/${conv}`);
      const r = await post({ content: "word ".repeat(3000) });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.message).toMatch(/8000/);
      const after = await t.request("GET", `/v1/conversations/${conv}`);
      expect(json<{ messages: unknown[] }>(after).messages.length).toBe(
        json<{ messages: unknown[] }>(before).messages.length,
      );
    });

    it("invalid UTF-8 → 400 INVALID_UTF8", async () => {
      const payload = Buffer.concat([
        Buffer.from('{"content":"caf'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const r = await post(undefined, { payload, headers: { "content-type": "application/json" } });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.code).toBe("INVALID_UTF8");
    });

    it("valid non-ASCII text is kept exactly (NFC)", async () => {
      const r = await post({ content: "Comment réinitialiser mon mot de passe ? 🔑" });
      expect(r.statusCode).toBe(201);
      expect(json<{ message: { content: string } }>(r).message.content).toBe(
        "Comment réinitialiser mon mot de passe ? 🔑",
      );
    });

    it("wrong content type → 415", async () => {
      const r = await post(undefined, {
        payload: "content=hi",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(r.statusCode).toBe(415);
      expect(json<Err>(r).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    });

    it("no key, unknown key, malformed key → 401", async () => {
      for (const key of [null, "vk_nope", `vk_${t.tenantId}_${"A".repeat(43)}`]) {
        const r = await t.request("GET", "/v1/articles", { key });
        expect(r.statusCode).toBe(401);
        expect(json<Err>(r).error.code).toBe("UNAUTHENTICATED");
      }
    });

    it("a revoked key → 401 from the next request", async () => {
      const created = json<{ id: string; key: string }>(
        await t.request("POST", "/v1/keys", { body: { scope: "agent", name: "temp" } }),
      );
      expect((await t.request("GET", "/v1/articles", { key: created.key })).statusCode).toBe(200);
      expect((await t.request("DELETE", `/v1/keys/${created.id}`)).statusCode).toBe(200);
      const r = await t.request("GET", "/v1/articles", { key: created.key });
      expect(r.statusCode).toBe(401);
    });

    it("a scope that does not allow the action → 403", async () => {
      const r = await t.request("POST", "/v1/articles", {
        key: t.keys.widget,
        body: { slug: "x", title: "x", body: "x" },
      });
      expect(r.statusCode).toBe(403);
      expect(json<Err>(r).error.code).toBe("FORBIDDEN");
      expect((await t.request("GET", "/v1/conversations", { key: t.keys.widget })).statusCode).toBe(403);
      expect((await t.request("GET", "/v1/tenants", { key: t.keys.admin })).statusCode).toBe(403);
    });

    it("one tenant's key on another tenant's ids → 404, never the data", async () => {
      const other = json<{ adminKey: { key: string } }>(
        await t.request("POST", "/v1/tenants", {
          key: ROOT_KEY,
          body: { name: "Other", slug: `other-${dialect}` },
        }),
      ).adminKey.key;
      const mine = json<{ items: { id: string }[] }>(await t.request("GET", "/v1/articles")).items[0]!.id;
      for (const url of [
        `/v1/conversations/${conv}`,
        `/v1/articles/${mine}`,
        `/v1/articles/${mine}/versions`,
      ]) {
        const r = await t.request("GET", url, { key: other });
        expect(r.statusCode, url).toBe(404);
        expect(r.body).not.toContain("password");
      }
      const w = await t.request("POST", `/v1/conversations/${conv}/messages`, {
        key: other,
        body: { content: "hi" },
      });
      expect(w.statusCode).toBe(404);
      const mineAfter = json<{ messages: { content: string }[] }>(
        await t.request("GET", `/v1/conversations/${conv}`),
      );
      expect(mineAfter.messages.map((m) => m.content)).not.toContain("hi");
    });

    it("unknown route → 404 ROUTE_NOT_FOUND; bad query value → 400", async () => {
      const r = await t.request("GET", "/v1/nothing-here");
      expect(r.statusCode).toBe(404);
      expect(json<Err>(r).error.code).toBe("ROUTE_NOT_FOUND");
      const q = await t.request("GET", "/v1/conversations?limit=abc");
      expect(q.statusCode).toBe(400);
      expect(json<Err>(q).error.code).toBe("VALIDATION_FAILED");
    });

    it("a bad Idempotency-Key → 400 IDEMPOTENCY_KEY_INVALID", async () => {
      const r = await post({ content: "hello" }, { headers: { "idempotency-key": "x".repeat(300) } });
      expect(r.statusCode).toBe(400);
      expect(json<Err>(r).error.code).toBe("IDEMPOTENCY_KEY_INVALID");
    });

    it("settings with an invalid pattern or out-of-range threshold → 400", async () => {
      const a = await t.request("PATCH", "/v1/tenant/settings", { body: { confidenceThreshold: 1.5 } });
      expect(a.statusCode).toBe(400);
      const b = await t.request("PATCH", "/v1/tenant/settings", {
        body: { sensitiveTopics: [{ name: "bad_regex", patterns: ["(unclosed"] }] },
      });
      expect(b.statusCode).toBe(400);
      expect(json<Err>(b).error.message).toContain("(unclosed");
    });
  });
}
