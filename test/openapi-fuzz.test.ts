import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileYaml } from "../src/contract/test-support/hostile-yaml.js";
import { TestLedgerKeys } from "../src/ledger/test-support/store-fixture.js";
import { ERROR_CATALOGUE } from "../src/shared/errors.js";
import {
  type BodyPath,
  deref,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  openApiOf,
  operationsOf,
} from "./openapi-support.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

// Hostile requests generated from the OpenAPI document, against every operation, with every kind of key:
// wrong types, huge and deep values, NUL and control characters, unknown fields, bad path ids and
// encodings, wrong content types. Whatever the request, the server answers below 500, every error has the
// envelope of docs/errors.md with a catalogue code and the request id, and it keeps serving. Seeded, so a
// failure reproduces; fast-check prints the shrunk request.

const SEED = 1207;
const RUNS_PER_OPERATION = 10;

const CAREFUL = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");

/** Values no field expects, or expects only in small doses. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff\ud800",
    "\u001b[31m\u0007",
    "\u202eevil",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, not a template.
    "${jndi:ldap://x}",
    "__proto__",
    "1e309",
    "-1",
  ),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.nat({ max: 40_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A value the schema accepts, more or less: the starting point that hostile values are put into. */
function acceptedValue(doc: OpenApiDocument, schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(doc, schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const branches = [...(s.anyOf ?? []), ...(s.allOf ?? [])];
  if (branches.length > 0) return fc.oneof(...branches.map((b) => acceptedValue(doc, b, depth)));
  const type = typeof s.type === "string" ? s.type : s.type?.[0];
  switch (type) {
    case "string":
      if (s.format === "date-time") {
        return fc
          .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { maxLength: 40 });
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) });
    case "integer":
      return fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 100, 100) });
    case "number":
      return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 100, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return depth > 4 || !s.items
        ? fc.constant([])
        : fc.array(acceptedValue(doc, s.items, depth + 1), {
            minLength: s.minItems ?? 0,
            maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
          });
    default: {
      if (depth > 4) return fc.constant({});
      const props = Object.entries(s.properties ?? {});
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, acceptedValue(doc, v, depth + 1)])), {
        requiredKeys: (s.required ?? []).filter((k) => props.some(([p]) => p === k)),
      });
    }
  }
}

/** Every path to a value inside a plain JSON value. */
function leafPaths(value: unknown, path: BodyPath = []): BodyPath[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((v, i) => leafPaths(v, [...path, i]))];
  if (value !== null && typeof value === "object") {
    return [path, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]))];
  }
  return [path];
}

function setAt(value: unknown, path: BodyPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  const obj = value as Record<string, unknown>;
  return { ...obj, [head as string]: setAt(obj[head as string], rest, replacement) };
}

const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 50_000 }), fc.boolean())
  .map(([n, array]) =>
    array ? `${"[".repeat(n)}${"]".repeat(n)}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`,
  );

const rawGarbage: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom("", "{", '{"a":', "nul", "[1,]", '{"a":1}}', "\u0000", '{"__proto__":{"x":1}}'),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
  fc.constant(Buffer.alloc(1024 * 1024 + 16, 0x20)),
);

const yamlDocument: fc.Arbitrary<string> = fc.oneof(
  fc.constant(CAREFUL),
  fc.constant(`${CAREFUL}# \u0000\n`),
  fc.integer({ min: 140, max: 200_000 }).map(hostileYaml.flowNesting),
  fc.integer({ min: 5000, max: 256 * 1024 }).map(hostileYaml.blockNesting),
  fc.integer({ min: 10_000, max: 256 * 1024 }).map(hostileYaml.hugeSequence),
  fc.constant(hostileYaml.billionLaughs()),
  fc.integer({ min: 1, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => `k${i}: 1`).join("\n")),
  fc.string({ maxLength: 200 }),
);

/** A path segment: a real id most of the time, else something no id looks like. */
const segment = (real: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "%00",
        "%E0%A4%A",
        "%ff",
        "%ED%A0%80",
        "%2F..%2F",
        "..",
        "x".repeat(81),
        "x".repeat(120),
        "-1",
        "99999999999999999999",
      ),
    },
  );

const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "1",
    "0",
    "-1",
    "abc",
    "open",
    "json",
    "note",
    "text",
    "2025-01-01T00:00:00Z",
    "%00",
    "%E0%A4%A",
  ),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.nat({ max: 5000 }).map((n) => "q".repeat(n)),
);

/** Every kind of key, and none: most operations are for admins, so their key comes up most. */
interface Keys {
  readonly all: readonly (string | null)[];
  readonly admin: string;
  readonly agent: string;
  readonly widget: string;
  readonly auditor: string;
}

interface Ids {
  readonly conversation: string[];
  readonly article: string[];
  readonly handoff: string[];
  readonly key: string[];
  readonly contract: string[];
}

function requestOf(doc: OpenApiDocument, op: Operation, keys: Keys, ids: Ids): fc.Arbitrary<InjectOptions> {
  const resource = op.path.split("/")[2] ?? "";
  const real: Record<string, readonly string[]> = {
    conversations: ids.conversation,
    articles: ids.article,
    handoffs: ids.handoff,
    keys: ids.key,
    contracts: ids.contract,
    ledger: ["0", "1", "2"],
  };
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const path = fc
    .tuple(...pathParams.map(() => segment(real[resource] ?? ["x"])))
    .map((values) => pathParams.reduce((p, name, i) => p.replace(`{${name}}`, values[i] ?? ""), op.path));
  const declared = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const query = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...declared, "zzz"), fc.constant("limit")), queryValue), {
      maxLength: 3,
    })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

  const bodies: fc.Arbitrary<{ type: string | undefined; payload: string | Buffer | undefined }>[] = [];
  for (const [type, schema] of Object.entries(op.body ?? {})) {
    if (type === "application/json") {
      const valid = acceptedValue(doc, schema);
      bodies.push(
        valid.map((v) => ({ type, payload: JSON.stringify(v) })),
        fc.tuple(valid, hostileValue, fc.nat()).map(([v, bad, n]) => {
          const paths = leafPaths(v);
          return { type, payload: JSON.stringify(setAt(v, paths[n % paths.length] ?? [], bad)) };
        }),
        fc.tuple(valid, fc.string({ maxLength: 10 }), hostileValue).map(([v, k, bad]) => ({
          type,
          payload: JSON.stringify(typeof v === "object" && v !== null ? { ...v, [`x${k}`]: bad } : v),
        })),
        hostileValue.map((v) => ({ type, payload: JSON.stringify(v) })),
        deepJson.map((payload) => ({ type, payload })),
      );
    } else {
      bodies.push(yamlDocument.map((payload) => ({ type, payload })));
    }
  }
  bodies.push(
    rawGarbage.map((payload) => ({ type: "application/json", payload })),
    fc.constant({ type: undefined, payload: undefined }),
    fc
      .constantFrom(
        "application/x-www-form-urlencoded",
        "text/html",
        "garbage",
        "application/json; charset=latin1",
      )
      .map((type) => ({ type, payload: "a=1" })),
  );

  const headerText = fc.oneof(
    fc.stringMatching(/^[!-~]{1,40}$/),
    fc.constantFrom("", " ", "x".repeat(300), "<script>", "req_01"),
  );
  return fc
    .record({
      key: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...keys.all) },
        { weight: 3, arbitrary: fc.constant(keys.admin) },
        { weight: 1, arbitrary: fc.constantFrom(keys.agent, keys.widget, keys.auditor) },
      ),
      path,
      query,
      body: fc.oneof(...bodies),
      idempotency: fc.option(headerText, { nil: undefined }),
      requestId: fc.option(headerText, { nil: undefined }),
    })
    .map(({ key, path: p, query: q, body, idempotency, requestId }) => {
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (body.type !== undefined) headers["content-type"] = body.type;
      if (idempotency !== undefined) headers["idempotency-key"] = idempotency;
      if (requestId !== undefined) headers["x-request-id"] = requestId;
      return {
        method: op.method,
        url: q ? `${p}?${q}` : p,
        headers,
        ...(body.payload === undefined ? {} : { payload: body.payload }),
      };
    });
}

/** What every answer must be, whatever was asked. */
function checkAnswer(request: InjectOptions, r: LightMyRequestResponse): void {
  const what = `${request.method} ${String(request.url).slice(0, 120)} → ${r.statusCode} ${r.body.slice(0, 300)}`;
  expect(r.statusCode, what).toBeLessThan(500);
  if (r.statusCode < 300) return;
  const body = json<{ error?: { code?: string; message?: string; requestId?: string } }>(r);
  const code = body.error?.code ?? "";
  expect(Object.keys(ERROR_CATALOGUE), what).toContain(code);
  expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status, what).toBe(r.statusCode);
  expect(typeof body.error?.message, what).toBe("string");
  // The client's X-Request-Id when it is a plain token, otherwise an id of the server's own.
  const sent = (request.headers as Record<string, string> | undefined)?.["x-request-id"];
  expect(body.error?.requestId, what).toEqual(
    sent !== undefined && /^[A-Za-z0-9._:-]{1,64}$/.test(sent)
      ? sent
      : expect.stringMatching(/^req_[0-9A-Z]{26}$/),
  );
  expect(r.headers["x-request-id"], what).toBe(body.error?.requestId);
}

for (const dialect of DIALECTS) {
  describe(`hostile requests from the OpenAPI document (${dialect})`, () => {
    let t: TestApp;
    let doc: OpenApiDocument;
    let keys: Keys;
    let ids: Ids;

    beforeAll(async () => {
      t = await createTestApp(dialect, { ledgerKeys: new TestLedgerKeys() });
      // Started with the admin key, whose answers show every id (a widget key's may not).
      const conv = json<{ conversationId: string }>(
        await t.request("POST", "/v1/conversations", { body: { content: "How do I reset my password?" } }),
      ).conversationId;
      const escalated = json<{ conversationId: string; exchange: { handoff: { id: string } | null } }>(
        await t.request("POST", "/v1/conversations", { body: { content: "I want to talk to a human" } }),
      );
      const articles = json<{ items: { id: string }[] }>(await t.request("GET", "/v1/articles")).items;
      const auditor = json<{ id: string; key: string }>(
        await t.request("POST", "/v1/keys", { body: { scope: "auditor", name: "auditor" } }),
      );
      // Revocation is fuzzed on a key of its own, so the keys above keep working.
      const victim = json<{ id: string }>(
        await t.request("POST", "/v1/keys", { body: { scope: "agent", name: "victim" } }),
      ).id;
      const contract = json<{ id: string }>(
        await t.request("POST", "/v1/contracts", {
          payload: CAREFUL,
          headers: { "content-type": "text/yaml" },
        }),
      ).id;
      ids = {
        conversation: [conv, escalated.conversationId],
        article: articles.map((a) => a.id).slice(0, 2),
        handoff: escalated.exchange.handoff ? [escalated.exchange.handoff.id] : ["hnd_none"],
        key: [victim],
        contract: [contract],
      };
      keys = {
        all: [
          null,
          "garbage",
          `vk_${t.tenantId}_${"A".repeat(43)}`,
          ROOT_KEY,
          t.keys.admin,
          t.keys.agent,
          t.keys.widget,
          auditor.key,
        ],
        admin: t.keys.admin,
        agent: t.keys.agent,
        widget: t.keys.widget,
        auditor: auditor.key,
      };
      doc = await openApiOf(t.app);
    });
    afterAll(() => t.close());

    it("answers every one below 500, in the error envelope, and keeps serving", async () => {
      const ops = operationsOf(doc);
      expect(ops.length).toBeGreaterThan(40);
      for (const [i, op] of ops.entries()) {
        await fc.assert(
          fc.asyncProperty(requestOf(doc, op, keys, ids), async (request) => {
            checkAnswer(request, await t.app.inject(request));
          }),
          { seed: SEED + i, numRuns: RUNS_PER_OPERATION },
        );
      }
      expect((await t.request("GET", "/healthz", { key: null })).statusCode).toBe(200);
      const after = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { content: "How do I export my data?" },
      });
      expect(after.statusCode, after.body).toBe(201);
    });
  });
}
