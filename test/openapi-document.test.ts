import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenApiDocument, openApiOf, operationsOf } from "./openapi-support.js";
import { createTestApp, type TestApp } from "./support.js";

// Generated clients name their methods after operationIds and their types after component schemas: an
// operation without an id, or a schema named `def-0`, makes a client nobody wants to use.

describe("the OpenAPI document is usable by client generators", () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { seed: false });
    doc = await openApiOf(t.app);
  });
  afterAll(() => t.close());

  it("names every operation with a unique camelCase operationId", () => {
    const ops = operationsOf(doc);
    const missing = ops.filter((op) => op.operationId === undefined).map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
    const ids = ops.map((op) => op.operationId as string);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("names every component schema, and every reference resolves", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => /^def-\d+/.test(n))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(["Error", "Exchange", "Conversation", "Handoff", "Article"]),
    );
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !names.includes(r.replace("#/components/schemas/", "")))).toEqual([]);
  });

  it("gives every schema that several operations share a name", () => {
    // An object schema written out in full in two operations is a shared schema left anonymous.
    const seen = new Map<string, Set<string>>();
    const walk = (node: unknown, op: string): void => {
      if (Array.isArray(node)) for (const item of node) walk(item, op);
      else if (node !== null && typeof node === "object") {
        const schema = node as { type?: unknown; properties?: Record<string, unknown> };
        if (schema.type === "object" && Object.keys(schema.properties ?? {}).length >= 2) {
          const key = JSON.stringify(schema);
          seen.set(key, (seen.get(key) ?? new Set()).add(op));
        }
        for (const value of Object.values(node)) walk(value, op);
      }
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) walk(op, `${method} ${path}`);
    }
    const shared = [...seen]
      .filter(([, ops]) => ops.size > 1)
      .map(([s, ops]) => `${[...ops]}: ${s.slice(0, 80)}`);
    expect(shared).toEqual([]);
  });

  it("describes every error response with the Error schema", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const responses = op.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400) continue;
          expect(response.content?.["application/json"]?.schema, `${method} ${path} ${status}`).toEqual({
            $ref: "#/components/schemas/Error",
          });
        }
      }
    }
  });

  it("declares what the edge may answer before a route runs: 429 everywhere, 451 where tenant data is", () => {
    const declared = (method: string, path: string) =>
      Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    for (const op of operationsOf(doc)) {
      if (op.path === "/v1/contracts/schema") continue; // no response schema: the JSON Schema itself
      expect(declared(op.method.toLowerCase(), op.path), `${op.method} ${op.path}`).toContain("429");
    }
    expect(declared("post", "/v1/conversations/{id}/messages")).toEqual(
      expect.arrayContaining(["403", "451"]),
    );
    expect(declared("get", "/v1/handoffs")).toContain("451");
    // The contract and governance-status routes answer out of region, so an operator can see why.
    expect(declared("get", "/v1/contracts/active")).not.toContain("451");
    expect(declared("get", "/v1/governance/status")).not.toContain("451");
    expect(declared("get", "/healthz")).not.toContain("451");
  });
});
