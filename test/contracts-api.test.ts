import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ActivationView,
  activeContractParameters,
  type ContractDetailView,
  type ContractHistoryView,
  lintContract,
  parseContract,
  type ValidationView,
} from "../src/contract/index.js";
import { DAY, HOUR } from "../src/shared/clock.js";
import { sha256Hex } from "../src/shared/hash.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

const EXAMPLES = ["careful-buyer.yaml", "vendor-standard.yaml"].map((f) => ({
  file: f,
  text: readFileSync(`examples/contracts/${f}`, "utf8"),
}));
const CAREFUL = EXAMPLES[0]!.text;
const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: x }\n";
const yaml = (contentType = "text/yaml") => ({ "content-type": contentType });

type Uploaded = ContractDetailView & { created: boolean };
type Activated = ContractDetailView & { activation: ActivationView };
interface Err {
  error: {
    code: string;
    message: string;
    details?: { problems?: { code: string; path: string; line: number; column: number; message: string }[] };
  };
}

for (const dialect of DIALECTS) {
  describe(`contracts API (${dialect})`, () => {
    let t: TestApp;
    let otherAdmin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      const r = await t.request("POST", "/v1/tenants", {
        key: ROOT_KEY,
        body: { name: "Globex", slug: "globex" },
      });
      otherAdmin = json<{ adminKey: { key: string } }>(r).adminKey.key;
    });
    afterAll(() => t.close());

    const upload = (text: string, contentType = "text/yaml", key?: string) =>
      t.request("POST", "/v1/contracts", {
        payload: text,
        headers: yaml(contentType),
        ...(key ? { key } : {}),
      });

    it("round-trips both example contracts: stored byte for byte, hashed, linted as the CLI lints them", async () => {
      const lints: ContractDetailView["contract"]["lint"][] = [];
      for (const { file, text } of EXAMPLES) {
        const r = await upload(text);
        expect(r.statusCode, r.body).toBe(201);
        const up = json<Uploaded>(r);
        expect(up.created).toBe(true);
        const got = json<ContractDetailView>(await t.request("GET", `/v1/contracts/${up.contract.id}`));
        expect(got.document).toBe(text);
        expect(got.contract.sha256).toBe(sha256Hex(text));
        const parsed = parseContract(text);
        if (!parsed.ok) throw new Error(`${file} is invalid`);
        const expected = lintContract(parsed.contract, parsed.source);
        expect(got.findings).toEqual(JSON.parse(JSON.stringify(expected)));
        expect(got.contract.lint.error).toBe(expected.filter((f) => f.severity === "error").length);
        lints.push(got.contract.lint);
        expect(got).toMatchObject({ valid: true, problems: [], activations: [] });
        expect(got.contract.status).toBe("draft");

        const v = json<ValidationView>(
          await t.request("POST", "/v1/contracts/validate", {
            payload: text,
            headers: yaml("application/yaml"),
          }),
        );
        expect(v).toMatchObject({ valid: true, sha256: sha256Hex(text), problems: [] });
        expect(v.findings).toEqual(got.findings);
      }
      // The history lists each version, newest first, with the counts of its own findings.
      const items = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items;
      expect(items.map((c) => [c.version, c.name, c.lint])).toEqual([
        [2, "helpbot-standard-terms", lints[1]],
        [1, "acme-support-2025", lints[0]],
      ]);
      expect(lints[0]).toEqual({ error: 0, warning: 0, info: 0 });
    });

    it("accepts the document as YAML in any of its content types, or as JSON {document}", async () => {
      const bodies = [
        ["application/yaml; charset=utf-8", "a"],
        ["application/x-yaml", "b"],
        ["text/x-yaml", "c"],
        ["text/plain", "d"],
      ] as const;
      for (const [type, name] of bodies) {
        const r = await upload(HEAD.replace("name: x", `name: ${name}`), type);
        expect(r.statusCode, `${type}: ${r.body}`).toBe(201);
      }
      const viaJson = await t.request("POST", "/v1/contracts", { body: { document: CAREFUL } });
      expect(viaJson.statusCode).toBe(200); // the same bytes as the first upload
      expect(json<Uploaded>(viaJson)).toMatchObject({ created: false, contract: { version: 1 } });
    });

    const badDocuments: [string, string, { code: string; path: string; line: number; column: number }][] = [
      ["invalid YAML", `${HEAD}sla: a: b\n`, { code: "yaml-syntax", path: "", line: 4, column: 6 }],
      [
        "an unknown key",
        `${HEAD}sla:\n  objectivs: []\n`,
        { code: "unknown-key", path: "sla.objectivs", line: 5, column: 3 },
      ],
      [
        "a wrong type",
        `${HEAD}changeManagement:\n  noticeDays: thirty\n`,
        { code: "wrong-type", path: "changeManagement.noticeDays", line: 5, column: 3 },
      ],
      [
        "a floor outside 0–1",
        `${HEAD}sla:\n  objectives:\n    - { metric: resolution_rate, floor: 1.5 }\n`,
        { code: "out-of-range", path: "sla.objectives[0].floor", line: 6, column: 34 },
      ],
      [
        "negative days",
        `${HEAD}changeManagement:\n  noticeDays: -3\n`,
        { code: "out-of-range", path: "changeManagement.noticeDays", line: 5, column: 3 },
      ],
      [
        "tiers out of order",
        `${HEAD}pricing:\n  currency: USD\n  charges:\n    - name: r\n      billableEvent: resolution\n      model: graduated\n      tiers:\n        - { upTo: 1000, unitAmount: "1.00" }\n        - { upTo: 500, unitAmount: "0.50" }\n        - { upTo: null, unitAmount: "0.25" }\n`,
        { code: "tier-order", path: "pricing.charges[0].tiers[1].upTo", line: 12, column: 13 },
      ],
      [
        "an end before its start",
        `${HEAD}term:\n  start: 2025-06-01\n  end: 2025-01-01\n`,
        { code: "date-order", path: "term.end", line: 6, column: 3 },
      ],
      [
        "an unknown metric",
        `${HEAD}sla:\n  objectives:\n    - { metric: happiness, floor: 0.5 }\n`,
        { code: "unknown-metric", path: "sla.objectives[0].metric", line: 6, column: 9 },
      ],
      [
        "an unknown integration",
        `${HEAD}integrations:\n  - { name: salesforce, scope: included }\n`,
        { code: "unknown-integration", path: "integrations[0].name", line: 5, column: 7 },
      ],
      [
        "a trigger threshold the runtime cannot apply",
        `${HEAD}escalation:\n  triggers:\n    - { kind: negative-sentiment, threshold: 0.5 }\n`,
        { code: "out-of-range", path: "escalation.triggers[0].threshold", line: 6, column: 35 },
      ],
      ["an empty body", "", { code: "document-empty", path: "", line: 1, column: 1 }],
    ];

    for (const [what, text, expected] of badDocuments) {
      it(`refuses ${what} with 422 CONTRACT_INVALID at its location, and stores nothing`, async () => {
        const before = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items.length;
        const r = await upload(text);
        expect(r.statusCode, r.body).toBe(422);
        const err = json<Err>(r).error;
        expect(err.code).toBe("CONTRACT_INVALID");
        expect(err.details?.problems?.[0]).toMatchObject(expected);
        const v = json<ValidationView>(
          await t.request("POST", "/v1/contracts/validate", { body: { document: text } }),
        );
        expect(v.valid).toBe(false);
        expect(v.problems[0]).toMatchObject(expected);
        expect(v.findings[0]).toMatchObject({ ruleId: "VCH000", code: expected.code });
        expect(json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items).toHaveLength(before);
      });
    }

    it("refuses bodies that are not a document before reading them as one", async () => {
      const badUtf8 = await t.request("POST", "/v1/contracts", {
        payload: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]),
        headers: yaml(),
      });
      expect([badUtf8.statusCode, json<Err>(badUtf8).error.code]).toEqual([400, "INVALID_UTF8"]);
      const xml = await t.request("POST", "/v1/contracts", {
        payload: "<contract/>",
        headers: yaml("application/xml"),
      });
      expect([xml.statusCode, json<Err>(xml).error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
      const extra = await t.request("POST", "/v1/contracts", { body: { document: CAREFUL, activate: true } });
      expect([extra.statusCode, json<Err>(extra).error.code]).toEqual([400, "VALIDATION_FAILED"]);
      const wrongType = await t.request("POST", "/v1/contracts", { body: { document: 42 } });
      expect([wrongType.statusCode, json<Err>(wrongType).error.code]).toEqual([400, "VALIDATION_FAILED"]);
      const mismatch = await upload(CAREFUL.replace("tenant: acme", "tenant: globex"));
      expect([mismatch.statusCode, json<Err>(mismatch).error.code]).toEqual([
        422,
        "CONTRACT_TENANT_MISMATCH",
      ]);
    });

    it("activates from now or from a date; the runtime binds it without a restart", async () => {
      const history = json<ContractHistoryView>(await t.request("GET", "/v1/contracts"));
      const careful = history.items.find((c) => c.version === 1)!;
      const zendesk = history.items.find((c) => c.version === 2)!;
      expect((await t.request("GET", "/v1/contracts/active")).statusCode).toBe(404);
      expect(await activeContractParameters(t, t.tenantId, t.clock.now())).toBeUndefined();

      const r = await t.request("POST", `/v1/contracts/${careful.id}/activate`);
      expect(r.statusCode, r.body).toBe(201);
      expect(json<Activated>(r).activation).toMatchObject({ seq: 1, state: "in-force", version: 1 });
      expect(json<Activated>(r).activation.activatedBy).toMatch(/\(key_/);
      expect((await activeContractParameters(t, t.tenantId, t.clock.now()))?.noticeDays).toBe(30);

      const from = new Date(t.clock.now() + 2 * DAY).toISOString();
      // The vendor's paper hands off to Zendesk, which this deployment cannot deliver to: refused, not
      // accepted and ignored. The same paper handing off to the inbox is activated.
      const refused = await t.request("POST", `/v1/contracts/${zendesk.id}/activate`, {
        body: { effectiveFrom: from },
      });
      expect(refused.statusCode).toBe(409);
      expect(json<Err & { error: { details: unknown } }>(refused).error).toMatchObject({
        code: "CONTRACT_TERM_UNSUPPORTED",
        details: { terms: [{ term: "escalation.handoff.target", value: "zendesk" }] },
      });
      const vendor = json<Uploaded>(
        await upload(EXAMPLES[1]!.text.replace("target: zendesk", "target: inbox")),
      ).contract;
      const later = await t.request("POST", `/v1/contracts/${vendor.id}/activate`, {
        body: { effectiveFrom: from },
      });
      expect(json<Activated>(later).activation).toMatchObject({
        seq: 2,
        state: "pending",
        effectiveFrom: from,
      });
      expect(json<Activated>(later).contract.status).toBe("scheduled");
      const active = await t.request("GET", "/v1/contracts/active");
      expect(json<{ contract: { id: string } }>(active).contract.id).toBe(careful.id);
      const atFrom = await t.request("GET", `/v1/contracts/active?at=${encodeURIComponent(from)}`);
      expect(json<{ contract: { id: string }; parameters: { noticeDays: number } }>(atFrom)).toMatchObject({
        contract: { id: vendor.id },
        parameters: { noticeDays: 0 },
      });
      expect((await activeContractParameters(t, t.tenantId, t.clock.now()))?.noticeDays).toBe(30);

      t.clock.advance(2 * DAY);
      expect((await activeContractParameters(t, t.tenantId, t.clock.now()))?.noticeDays).toBe(0);
      const after = json<ContractHistoryView>(await t.request("GET", "/v1/contracts"));
      expect(after.items.filter((c) => c.status === "active").map((c) => c.id)).toEqual([vendor.id]);
      expect(after.activations.map((a) => a.state)).toEqual(["in-force", "ended"]);
    });

    it("refuses an effective date in the past or malformed, and an id that is not stored", async () => {
      const id = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items[0]!.id;
      const past = await t.request("POST", `/v1/contracts/${id}/activate`, {
        body: { effectiveFrom: new Date(t.clock.now() - HOUR).toISOString() },
      });
      expect([past.statusCode, json<Err>(past).error.code]).toEqual([400, "VALIDATION_FAILED"]);
      const malformed = await t.request("POST", `/v1/contracts/${id}/activate`, {
        body: { effectiveFrom: "next tuesday" },
      });
      expect([malformed.statusCode, json<Err>(malformed).error.code]).toEqual([400, "VALIDATION_FAILED"]);
      const missing = await t.request("POST", "/v1/contracts/ctr_01KE6P4YM0AAAAAAAAAAAAAAAA/activate");
      expect([missing.statusCode, json<Err>(missing).error.code]).toEqual([404, "NOT_FOUND"]);
    });

    it("diffs two stored versions", async () => {
      const items = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items;
      const v1 = items.find((c) => c.version === 1)!;
      const v2 = items.find((c) => c.version === 2)!;
      const r = await t.request("GET", `/v1/contracts/${v1.id}/diff/${v2.id}`);
      expect(r.statusCode, r.body).toBe(200);
      const diff = json<{ old: { version: number }; changes: { path: string; direction: string }[] }>(r);
      expect(diff.old.version).toBe(1);
      expect(diff.changes.find((c) => c.path === "changeManagement.noticeDays")?.direction).toBe("worse");
    });

    it("keeps tenants apart: another tenant's contract id is not found", async () => {
      const mine = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items[0]!.id;
      const theirs = json<Uploaded>(
        await upload(CAREFUL.replace("tenant: acme", "tenant: globex"), "text/yaml", otherAdmin),
      );
      expect(theirs.contract.version).toBe(1);
      for (const [method, url] of [
        ["GET", `/v1/contracts/${theirs.contract.id}`],
        ["POST", `/v1/contracts/${theirs.contract.id}/activate`],
        ["GET", `/v1/contracts/${mine}/diff/${theirs.contract.id}`],
      ] as const) {
        const r = await t.request(method, url);
        expect([r.statusCode, json<Err>(r).error.code], url).toEqual([404, "NOT_FOUND"]);
      }
      const list = json<ContractHistoryView>(await t.request("GET", "/v1/contracts", { key: otherAdmin }));
      expect(list.items.map((c) => c.id)).toEqual([theirs.contract.id]);
      expect(list.activations).toEqual([]);
    });

    it("lets admins write, admins and agents read, and nobody else in; the schema is public", async () => {
      const id = json<ContractHistoryView>(await t.request("GET", "/v1/contracts")).items[0]!.id;
      expect((await t.request("GET", "/v1/contracts", { key: t.keys.agent })).statusCode).toBe(200);
      expect((await t.request("GET", `/v1/contracts/${id}`, { key: t.keys.agent })).statusCode).toBe(200);
      expect((await t.request("GET", "/v1/contracts/active", { key: t.keys.agent })).statusCode).toBe(200);
      expect((await upload(CAREFUL, "text/yaml", t.keys.agent)).statusCode).toBe(403);
      expect(
        (await t.request("POST", `/v1/contracts/${id}/activate`, { key: t.keys.agent })).statusCode,
      ).toBe(403);
      expect((await t.request("GET", "/v1/contracts", { key: t.keys.widget })).statusCode).toBe(403);
      expect((await t.request("GET", "/v1/contracts", { key: null })).statusCode).toBe(401);

      const committed = readFileSync("schemas/contract.schema.json", "utf8");
      for (const url of ["/v1/contracts/schema", "/schemas/contract.schema.json"]) {
        const r = await t.request("GET", url, { key: null });
        expect(r.statusCode).toBe(200);
        expect(r.headers["content-type"]).toMatch(/^application\/schema\+json/);
        expect(r.body).toBe(committed);
      }
    });
  });
}
