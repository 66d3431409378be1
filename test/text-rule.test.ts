import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyWith,
  detailPath,
  type Operation,
  openApiOf,
  operationsOf,
  textPaths,
  urlOf,
} from "./openapi-support.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

// The text rule (README, docs/errors.md): U+0000 and unpaired surrogates are refused at the edge with
// 400 VALIDATION_FAILED naming the field, identically on both stores (PostgreSQL text cannot hold U+0000;
// both drivers would turn a lone surrogate into U+FFFD). Every input is found from the OpenAPI document,
// so an operation added later is covered without touching this file.

type Err = { error: { code: string; message: string; details?: { path: string }[]; requestId: string } };

const UNSTORABLE = ["a\u0000b", "a\ud800b"];

for (const dialect of DIALECTS) {
  describe(`text no store can hold is refused at the edge (${dialect})`, () => {
    let t: TestApp;
    let ops: Operation[];
    let keys: Record<string, string | null>;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const auditor = json<{ key: string }>(
        await t.request("POST", "/v1/keys", { body: { scope: "auditor", name: "auditor" } }),
      ).key;
      keys = { none: null, root: ROOT_KEY, ...t.keys, auditor };
      ops = operationsOf(await openApiOf(t.app));
    });
    afterAll(() => t.close());

    /**
     * Sends the request with every key: those allowed get 400 VALIDATION_FAILED naming `field`, the others
     * 401 or 403; nobody gets a 5xx. Returns the scopes that reached the field.
     */
    async function refusedFor(
      op: Operation,
      url: string,
      field: string,
      send: { payload?: string; headers?: Record<string, string> } = {},
    ): Promise<string[]> {
      const reached: string[] = [];
      for (const [scope, key] of Object.entries(keys)) {
        const r = await t.request(op.method, url, { key, ...send });
        const what = `${scope} ${op.method} ${url} ${field}: ${r.statusCode} ${r.body.slice(0, 200)}`;
        expect(r.statusCode, what).toBeLessThan(500);
        if (r.statusCode === 400) {
          const e = json<Err>(r).error;
          expect(e.code, what).toBe("VALIDATION_FAILED");
          expect(e.details?.[0]?.path, what).toBe(field);
          expect(e.requestId, what).toMatch(/^req_/);
          reached.push(scope);
        } else {
          expect([401, 403], what).toContain(r.statusCode);
        }
      }
      return reached;
    }

    it("every text field of every request body, for every key", async () => {
      let fields = 0;
      for (const op of ops) {
        for (const [type, schema] of Object.entries(op.body ?? {})) {
          const isJson = type === "application/json";
          const paths = isJson ? textPaths(await openApiOf(t.app), schema) : [[]];
          for (const path of paths) {
            // A raw body is UTF-8 on the wire, which has no form for a lone surrogate: JSON escapes do.
            for (const value of isJson ? UNSTORABLE : UNSTORABLE.slice(0, 1)) {
              const payload = isJson ? JSON.stringify(bodyWith(path, value)) : value;
              const reached = await refusedFor(op, urlOf(op, {}), detailPath(path), {
                payload,
                headers: { "content-type": type },
              });
              expect(reached, `${op.operationId} ${detailPath(path)}`).not.toEqual([]);
              fields++;
            }
          }
        }
      }
      // customerRef, metadata keys and values, content, comments, names, article text, contract documents…
      expect(fields).toBeGreaterThan(60);
    });

    it("every path parameter and query parameter, for every key", async () => {
      for (const op of ops) {
        for (const p of op.parameters.filter((x) => x.in === "path" || x.in === "query")) {
          const url =
            p.in === "path"
              ? urlOf(op, { [p.name]: "a%00b" })
              : urlOf(op, {}, `${encodeURIComponent(p.name)}=a%00b`);
          const field = `${p.in === "path" ? "params" : "querystring"}/${p.name}`;
          const reached = await refusedFor(op, url, field);
          expect(reached, `${op.operationId} ${field}`).not.toEqual([]);
        }
      }
    });

    it("the widget key reaches customerRef, metadata, content, comments and path ids, and gets 400", async () => {
      const w = t.keys.widget;
      const conv = json<{ conversationId: string }>(
        await t.request("POST", "/v1/conversations", { key: w, body: {} }),
      ).conversationId;
      const cases: [string, string, unknown, string][] = [
        ["POST", "/v1/conversations", { customerRef: "a\u0000" }, "body/customerRef"],
        ["POST", "/v1/conversations", { metadata: { "k\u0000": "v" } }, "body/metadata"],
        ["POST", "/v1/conversations", { metadata: { k: "v\u0000" } }, "body/metadata/k"],
        ["POST", "/v1/conversations", { content: "hi\u0000" }, "body/content"],
        ["POST", `/v1/conversations/${conv}/messages`, { content: "\u0000" }, "body/content"],
        ["POST", `/v1/conversations/${conv}/csat`, { rating: 4, comment: "ok\u0000" }, "body/comment"],
        ["GET", `/v1/conversations/${conv}%00`, undefined, "params/id"],
        ["POST", `/v1/conversations/${conv}%00/escalate`, undefined, "params/id"],
      ];
      for (const [method, url, body, field] of cases) {
        const r = await t.request(method as "GET" | "POST", url, { key: w, body });
        expect(r.statusCode, `${url} ${field}`).toBe(400);
        expect(json<Err>(r).error.details?.[0]?.path).toBe(field);
      }
      // Nothing of it was stored: the conversation is as it was (read by staff).
      const after = json<{ messages: unknown[]; csat: unknown }>(
        await t.request("GET", `/v1/conversations/${conv}`),
      );
      expect(after.messages).toEqual([]);
      expect(after.csat).toBeNull();
    });

    it("other control characters are accepted and stored exactly, alike on both stores", async () => {
      const ref = "ref\u0001\u0008\u000b\u000c\u001b[31m\u007f";
      const created = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { customerRef: ref, metadata: { "k\u0002": "v\u0003\t\n\r" } },
      });
      expect(created.statusCode).toBe(201);
      const id = json<{ conversationId: string }>(created).conversationId;
      const rated = await t.request("POST", `/v1/conversations/${id}/csat`, {
        body: { rating: 5, comment: "bell\u0007" },
      });
      expect(rated.statusCode).toBe(200);
      const read = json<{
        conversation: { customerRef: string; metadata: Record<string, string> };
        csat: { comment: string };
      }>(await t.request("GET", `/v1/conversations/${id}`));
      expect(read.conversation.customerRef).toBe(ref);
      expect(read.conversation.metadata).toEqual({ "k\u0002": "v\u0003\t\n\r" });
      expect(read.csat.comment).toBe("bell\u0007");
    });
  });
}
