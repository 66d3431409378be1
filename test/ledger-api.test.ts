import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainWordOverlap } from "../src/agent/test-support/word-overlap-resolver.js";
import { ledgerJobs } from "../src/app/ledger-jobs.js";
import { scheduleJobs } from "../src/app/schedule-jobs.js";
import { wireRooms } from "../src/app/wire-rooms.js";
import { buildServer } from "../src/http/build-server.js";
import {
  getCheckpoint,
  parseVerifierKey,
  recordDecision,
  verifyExport,
  verifyProofBundle,
} from "../src/ledger/index.js";
import { chunksOf } from "../src/ledger/test-support/make-ledger.js";
import { TestLedgerKeys, verifyTexts } from "../src/ledger/test-support/store-fixture.js";
import { ManualClock } from "../src/shared/clock.js";
import { createTestStore, DIALECTS, type TestStore } from "../src/store/test-support/test-store.js";
import { hashApiKey } from "../src/tenants/index.js";
import { KB, ROOT_KEY } from "./support.js";

interface Entry {
  seq: number;
  entry: string;
  leafHash: string;
}
const parsed = (e: Entry) =>
  JSON.parse(e.entry) as {
    type: string;
    actor: { kind: string; id: string };
    subject: Record<string, string>;
    data: { action: string; details: Record<string, unknown> };
  };

for (const dialect of DIALECTS) {
  describe(`ledger API (${dialect})`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    let bare: FastifyInstance;
    const clock = new ManualClock();
    const ledgerKeys = new TestLedgerKeys();
    let admin = "";
    let auditor = "";
    let agentKey = "";
    let tenantId = "";
    const call = (
      method: "GET" | "POST" | "PATCH" | "DELETE",
      url: string,
      key: string | null,
      body?: unknown,
      server?: FastifyInstance,
    ): Promise<LightMyRequestResponse> =>
      (server ?? app).inject({
        method,
        url,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });

    beforeAll(async () => {
      store = await createTestStore(dialect);
      const rooms = wireRooms(store, trainWordOverlap, () => clock.now());
      const deps = { store, clock, ...rooms, recordDecision, rootKeyHash: hashApiKey(ROOT_KEY) };
      app = await buildServer({ ...deps, ledgerKeys }, { logLevel: "silent" });
      bare = await buildServer(deps, { logLevel: "silent" });
      const t = await call("POST", "/v1/tenants", ROOT_KEY, { name: "Acme", slug: "acme" });
      expect(t.statusCode).toBe(201);
      tenantId = t.json().tenant.id;
      admin = t.json().adminKey.key;
      expect((await call("POST", "/v1/articles/import", admin, { articles: KB })).statusCode).toBe(200);
      auditor = (await call("POST", "/v1/keys", admin, { scope: "auditor", name: "External auditor" })).json()
        .key;
      agentKey = (await call("POST", "/v1/keys", admin, { scope: "agent", name: "Dana" })).json().key;
      const patched = await call("PATCH", "/v1/tenant/settings", admin, { confidenceThreshold: 0.6 });
      expect(patched.statusCode).toBe(200);
    });
    afterAll(async () => {
      await app?.close();
      await bare?.close();
      await store?.dispose();
    });

    it("records every admin action of the tenant, in order, without personal data", async () => {
      const r = await call("GET", "/v1/ledger/entries", auditor);
      expect(r.statusCode).toBe(200);
      const entries = (r.json().items as Entry[]).map(parsed);
      expect(entries.map((e) => e.data.action)).toEqual([
        "tenant.create",
        "api_key.create",
        "knowledge.article.create",
        "knowledge.article.create",
        "knowledge.article.create",
        "api_key.create",
        "api_key.create",
        "tenant.settings.update",
      ]);
      expect(r.json().treeSize).toBe(8);
      expect(entries.every((e) => e.type === "admin")).toBe(true);
      expect(entries[0]!.actor).toEqual({ kind: "system", id: "operator" });
      expect(entries[2]!.actor.kind).toBe("api_key");
      expect(entries[2]!.data.details).toMatchObject({
        slug: "reset-password",
        version: 1,
        status: "published",
      });
      expect(entries[5]!.data.details).toEqual({ scope: "auditor" });
      expect((entries[7]!.data.details.settings as { confidenceThreshold: number }).confidenceThreshold).toBe(
        0.6,
      );
      // Key names ("Dana") and article bodies never enter the log.
      expect(JSON.stringify(entries)).not.toMatch(/Dana|reset link/);
    });

    it("a failed action leaves no entry", async () => {
      const before = (await call("GET", "/v1/ledger/entries?limit=1", auditor)).json().treeSize;
      const dup = await call("POST", "/v1/articles", admin, { ...KB[0], questions: undefined });
      expect(dup.statusCode).toBe(409);
      expect((await call("GET", "/v1/ledger/entries?limit=1", auditor)).json().treeSize).toBe(before);
    });

    it("auditors read the ledger and nothing else; other scopes cannot read it", async () => {
      expect((await call("GET", "/v1/conversations", auditor)).statusCode).toBe(403);
      expect((await call("POST", "/v1/keys", auditor, { scope: "admin", name: "x" })).statusCode).toBe(403);
      expect((await call("GET", "/v1/ledger/entries", agentKey)).statusCode).toBe(403);
      expect((await call("GET", "/v1/ledger/export", null)).statusCode).toBe(401);
      expect((await call("GET", "/v1/ledger/entries", admin)).statusCode).toBe(200);
    });

    it("publishes checkpoints on demand, serves them as JSON or signed note, and proves entries", async () => {
      expect((await call("GET", "/v1/ledger/checkpoint", auditor)).json().error.code).toBe("NOT_FOUND");
      const first = await call("POST", "/v1/ledger/checkpoints", auditor);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ published: true, checkpoint: { treeSize: 8 } });
      const again = await call("POST", "/v1/ledger/checkpoints", admin);
      expect(again.statusCode).toBe(200);
      expect(again.json().published).toBe(false);

      const note = await call("GET", "/v1/ledger/checkpoint?format=note", auditor);
      expect(note.headers["content-type"]).toMatch(/^text\/plain/);
      expect(note.body).toBe(first.json().checkpoint.note);
      const byAccept = await app.inject({
        method: "GET",
        url: "/v1/ledger/checkpoint",
        headers: { authorization: `Bearer ${auditor}`, accept: "text/plain" },
      });
      expect(byAccept.body).toBe(note.body);
      const json = (await call("GET", "/v1/ledger/checkpoint?treeSize=8", auditor)).json();
      expect(json).toMatchObject({ treeSize: 8, origin: `vouch.test/vouch/${tenantId}` });
      expect(json.signers).toEqual([`vouch.test+${ledgerKeys.key.vkey.split("+")[1]}`]);

      const keysText = await call("GET", "/v1/ledger/keys?format=text", null);
      expect(keysText.statusCode).toBe(200);
      expect(keysText.body).toBe(`${ledgerKeys.key.vkey}\n`);
      const keys = (await call("GET", "/v1/ledger/keys", null)).json().keys;
      expect(keys).toEqual([
        {
          vkey: ledgerKeys.key.vkey,
          name: "vouch.test",
          keyId: ledgerKeys.key.vkey.split("+")[1],
          active: true,
        },
      ]);
      const trusted = [parseVerifierKey(keys[0].vkey)];

      const proof = await call("GET", "/v1/ledger/entries/3/proof", auditor);
      expect(proof.statusCode).toBe(200);
      expect(verifyProofBundle(proof.json(), trusted)).toMatchObject({ ok: true, seq: 3, treeSize: 8 });
      expect((await call("GET", "/v1/ledger/entries/99/proof", auditor)).statusCode).toBe(404);
      expect((await call("GET", "/v1/ledger/entries/3/proof?treeSize=5", auditor)).json().error.code).toBe(
        "INVALID_STATE",
      );

      // The log grows (a revoked key), another checkpoint; the old one is a prefix of the new one.
      const keyId = (await call("GET", "/v1/keys", admin))
        .json()
        .items.find((k: { scope: string }) => k.scope === "agent").id;
      expect((await call("DELETE", `/v1/keys/${keyId}`, admin)).statusCode).toBe(200);
      expect((await call("DELETE", `/v1/keys/${keyId}`, admin)).statusCode).toBe(200); // a no-op: no entry
      expect((await call("POST", "/v1/ledger/checkpoints", auditor)).json().checkpoint.treeSize).toBe(9);
      const consistency = await call("GET", "/v1/ledger/consistency?from=8", auditor);
      expect(consistency.json()).toMatchObject({ size1: 8, size2: 9 });
      expect(verifyProofBundle(consistency.json(), trusted)).toMatchObject({ ok: true, kind: "consistency" });
      expect((await call("GET", "/v1/ledger/consistency?from=5", auditor)).json().error.code).toBe(
        "INVALID_STATE",
      );

      const bySubject = await call("GET", `/v1/ledger/entries?subject=${keyId}`, auditor);
      expect((bySubject.json().items as Entry[]).map((e) => parsed(e).data.action)).toEqual([
        "api_key.create",
        "api_key.revoke",
      ]);
    });

    it("streams the export, which verifies offline with the published keys and fails when changed", async () => {
      const r = await call("GET", "/v1/ledger/export", auditor);
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toMatch(/^application\/x-ndjson/);
      expect(r.headers["content-disposition"]).toContain(`ledger-${tenantId}-9.jsonl`);
      const keys = (await call("GET", "/v1/ledger/keys?format=text", null)).body.trim().split("\n");
      expect(await verifyTexts([r.body], keys)).toMatchObject({
        ok: true,
        entries: 9,
        checkpointsVerified: 2,
      });
      const tampered = r.body.replace('"action":"api_key.revoke"', '"action":"api_key.create"');
      const report = await verifyExport(
        { name: "x", chunks: chunksOf(tampered) },
        { keys: keys.map(parseVerifierKey) },
      );
      expect(report.problem?.code).toBe("ROOT_MISMATCH");
      const older = await call("GET", "/v1/ledger/export?treeSize=8", auditor);
      expect(await verifyTexts([older.body, r.body], keys)).toMatchObject({ ok: true });
      expect((await call("GET", "/v1/ledger/export?treeSize=7", auditor)).statusCode).toBe(404);
    });

    it("without a signing key the ledger is readable but checkpoints cannot be published", async () => {
      const r = await call("POST", "/v1/ledger/checkpoints", admin, undefined, bare);
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe("LEDGER_KEY_UNAVAILABLE");
      expect((await call("GET", "/v1/ledger/keys", null, undefined, bare)).statusCode).toBe(503);
      expect((await call("GET", "/v1/ledger/entries", admin, undefined, bare)).statusCode).toBe(200);
    });

    it("rejects bad query values with VALIDATION_FAILED", async () => {
      for (const url of [
        "/v1/ledger/entries?from=-1",
        "/v1/ledger/entries?limit=5000",
        "/v1/ledger/entries/abc/proof",
        "/v1/ledger/consistency?from=0",
        "/v1/ledger/checkpoint?format=xml",
        "/v1/ledger/entries?bogus=1",
      ]) {
        const r = await call("GET", url, auditor);
        expect(r.statusCode, url).toBe(400);
        expect(r.json().error.code, url).toBe("VALIDATION_FAILED");
      }
    });

    it("a customer message's decision enters the log, provable by its conversation id, without its text", async () => {
      const r = await call("POST", "/v1/conversations", admin, { content: "how do I reset my password" });
      expect(r.statusCode).toBe(201);
      const conversationId = r.json().conversationId as string;
      const decisionId = r.json().exchange.decision.id as string;
      const published = await call("POST", "/v1/ledger/checkpoints", auditor);
      expect(published.statusCode).toBe(201);
      const items = (await call("GET", `/v1/ledger/entries?subject=${conversationId}`, auditor)).json()
        .items as Entry[];
      expect(items).toHaveLength(1);
      const e = JSON.parse(items[0]!.entry) as {
        type: string;
        subject: Record<string, string>;
        data: unknown;
      };
      expect(e.type).toBe("decision");
      expect(e.subject).toMatchObject({ conversation: conversationId, decision: decisionId });
      expect(e.data).toMatchObject({ action: "answer", inputDigest: expect.stringMatching(/^hmac-sha256:/) });
      expect(items[0]!.entry).not.toMatch(/reset my password/i);
      const proof = await call("GET", `/v1/ledger/entries/${items[0]!.seq}/proof`, auditor);
      expect(verifyProofBundle(proof.json(), [parseVerifierKey(ledgerKeys.key.vkey)])).toMatchObject({
        ok: true,
      });
    });

    it("the scheduled job publishes a checkpoint when the log grew", async () => {
      const before = (await getCheckpoint({ store }, tenantId)).treeSize;
      await call("PATCH", "/v1/tenant/settings", admin, { maxFailures: 3 });
      const logged: string[] = [];
      const log = {
        info: (_o: object, msg: string) => logged.push(msg),
        error: (o: object, msg: string) => logged.push(`${msg} ${JSON.stringify(o)}`),
      };
      const jobs = scheduleJobs(ledgerJobs({ store, clock, ledgerKeys }, 60_000, log), log);
      try {
        await expect.poll(async () => (await getCheckpoint({ store }, tenantId)).treeSize).toBe(before + 1);
      } finally {
        await jobs.stop();
      }
      expect(logged).toEqual(["ledger checkpoints published"]);
    });
  });
}
