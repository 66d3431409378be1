import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileYaml } from "../src/contract/test-support/hostile-yaml.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

// POST /v1/contracts/validate (any staff key) and POST /v1/contracts (admin) read a document the client
// wrote. A hostile one used to freeze the whole server for seconds; it is refused with a stable code.

type Err = { error: { code: string; message: string; details?: { problems?: { code: string }[] } } };

const CAREFUL = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");
const SIZE = 256 * 1024 - 16;

const HOSTILE: Record<string, string> = {
  "deeply nested flow collections": hostileYaml.flowNesting(SIZE),
  "deeply nested block mappings": hostileYaml.blockNesting(SIZE),
  "billion laughs": hostileYaml.billionLaughs(),
  "a huge node count": hostileYaml.hugeSequence(SIZE),
};

for (const dialect of DIALECTS) {
  describe(`hostile contract documents are refused with a stable code (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    const send = (url: string, key: string, payload: string, type = "application/yaml") =>
      t.request("POST", url, { key, payload, headers: { "content-type": type } });

    for (const [name, document] of Object.entries(HOSTILE)) {
      it(`${name}: 422 CONTRACT_TOO_COMPLEX from validate and upload, nothing stored`, async () => {
        for (const [url, key] of [
          ["/v1/contracts/validate", t.keys.agent],
          ["/v1/contracts", t.keys.admin],
        ] as const) {
          for (const [payload, type] of [
            [document, "application/yaml"],
            [JSON.stringify({ document }), "application/json"],
          ] as const) {
            if (Buffer.byteLength(payload) > 256 * 1024) continue;
            const r = await send(url, key, payload, type);
            expect(r.statusCode, `${url} ${type}`).toBe(422);
            expect(json<Err>(r).error.code, `${url} ${type}`).toBe("CONTRACT_TOO_COMPLEX");
          }
        }
        expect(json<{ items: unknown[] }>(await t.request("GET", "/v1/contracts")).items).toEqual([]);
      });
    }

    it("a body over 256 KiB: 413 PAYLOAD_TOO_LARGE, as YAML or as JSON", async () => {
      const big = `${CAREFUL}${"#".repeat(256 * 1024)}\n`;
      expect((await send("/v1/contracts/validate", t.keys.agent, big)).statusCode).toBe(413);
      const r = await send(
        "/v1/contracts",
        t.keys.admin,
        JSON.stringify({ document: big }),
        "application/json",
      );
      expect(r.statusCode).toBe(413);
      expect(json<Err>(r).error.code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("a U+0000 written as a YAML escape: 422 CONTRACT_INVALID (invalid-character), nothing stored", async () => {
      const withNul = CAREFUL.replace(/^ {2}name: .*$/m, '  name: "careful\\0buyer"');
      const r = await send("/v1/contracts", t.keys.admin, withNul);
      expect(r.statusCode).toBe(422);
      expect(json<Err>(r).error.details?.problems?.[0]?.code).toBe("invalid-character");
      const v = json<{ valid: boolean; problems: { code: string; path: string }[] }>(
        await send("/v1/contracts/validate", t.keys.agent, withNul),
      );
      expect(v.valid).toBe(false);
      expect(v.problems[0]).toMatchObject({ code: "invalid-character", path: "metadata.name" });
      expect(json<{ items: unknown[] }>(await t.request("GET", "/v1/contracts")).items).toEqual([]);
    });

    it("still reads a real contract", async () => {
      expect(
        json<{ valid: boolean }>(await send("/v1/contracts/validate", t.keys.agent, CAREFUL)).valid,
      ).toBe(true);
      expect((await send("/v1/contracts", t.keys.admin, CAREFUL)).statusCode).toBe(201);
    });
  });
}
