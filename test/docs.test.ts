import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, json, type TestApp } from "./support.js";

describe("API documentation", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { seed: false });
  });
  afterAll(() => t.close());

  it("serves the OpenAPI 3.1 document without a key", async () => {
    const r = await t.request("GET", "/openapi.json", { key: null });
    expect(r.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(r);
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/v1/conversations",
      "/v1/conversations/{id}/messages",
      "/v1/handoffs/{id}/learning",
      "/v1/articles/import",
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it("serves the interactive reference at /docs", async () => {
    const r = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("text/html");
    expect(r.body).toContain("swagger");
  });

  it("health and readiness need no key", async () => {
    expect(json(await t.request("GET", "/healthz", { key: null }))).toEqual({ status: "ok" });
    expect(json(await t.request("GET", "/readyz", { key: null }))).toEqual({
      status: "ready",
      store: "sqlite",
    });
  });
});
