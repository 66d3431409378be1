import { readFileSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { settleOutcomes } from "../src/conversations/index.js";
import { applyRetention, type GovernanceStatusView } from "../src/governance/index.js";
import { registerAuth } from "../src/http/auth.js";
import { buildServer } from "../src/http/build-server.js";
import { sendError } from "../src/http/errors.js";
import { registerResidencyGate } from "../src/http/refuse-out-of-region.js";
import { recordDecision } from "../src/ledger/index.js";
import { DAY, MINUTE } from "../src/shared/clock.js";
import { createApiKey, createTenant } from "../src/tenants/index.js";
import { createTestApp, DIALECTS, json, KB, type TestApp, uploadContract } from "./support.js";

// The careful buyer's contract requires data stored and processed in the EU (in-region); evergreen, as
// the test's clock runs past the example's term.
const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");
const evergreen = (edit?: (d: ReturnType<typeof parseDocument>) => void) => {
  const doc = parseDocument(careful);
  doc.deleteIn(["term", "end"]);
  edit?.(doc);
  return doc.toString();
};

for (const dialect of DIALECTS) {
  describe(`a deployment outside the tenant's residency region refuses its data (${dialect})`, () => {
    let t: TestApp;
    let us: FastifyInstance;
    beforeEach(async () => {
      t = await createTestApp(dialect, { region: "eu" });
      const id = await uploadContract(t, evergreen());
      expect((await t.request("POST", `/v1/contracts/${id}/activate`, { body: {} })).statusCode).toBe(201);
      // The same store served from a deployment that declares another region (VOUCH_REGION=us).
      us = await buildServer(
        {
          store: t.store,
          clock: t.clock,
          agent: t.agent,
          recordDecision,
          handoffs: t.handoffs,
          rootKeyHash: undefined,
          region: "us",
        },
        { logLevel: "silent" },
      );
    });
    afterEach(async () => {
      await us.close();
      await t.close();
    });

    const onUs = (method: "GET" | "POST", url: string, key: string, body?: unknown) =>
      us.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });

    it("refuses every request that would process the tenant's data, with a stable code", async () => {
      const started = json<{ conversationId: string }>(
        await t.request("POST", "/v1/conversations", {
          key: t.keys.widget,
          body: { content: "how do I reset my password" },
        }),
      ).conversationId;
      const refused: [string, string, string, unknown?][] = [
        ["POST", "/v1/conversations", t.keys.widget, { content: "how do I reset my password" }],
        ["POST", `/v1/conversations/${started}/messages`, t.keys.widget, { content: "thanks" }],
        ["GET", `/v1/conversations/${started}`, t.keys.widget],
        ["GET", "/v1/conversations", t.keys.agent],
        ["GET", "/v1/handoffs", t.keys.agent],
        ["POST", "/v1/articles/import", t.keys.admin, { articles: KB }],
        ["GET", "/v1/articles", t.keys.agent],
        ["GET", "/v1/summary", t.keys.admin],
        ["GET", "/v1/ledger/entries", t.keys.admin],
        ["GET", "/v1/tenant", t.keys.admin],
      ];
      for (const [method, url, key, body] of refused) {
        const r = await onUs(method as "GET" | "POST", url, key, body);
        expect([r.statusCode, json<{ error: { code: string } }>(r).error.code], `${method} ${url}`).toEqual([
          451,
          "RESIDENCY_REFUSED",
        ]);
      }
      // Nothing was written by the refused requests.
      const messages = await t.store.db
        .selectFrom("messages")
        .select("message_id")
        .where("tenant_id", "=", t.tenantId)
        .execute();
      expect(messages).toHaveLength(2);

      // The operator still sees why, and the contract endpoints answer.
      const status = json<GovernanceStatusView>(await onUs("GET", "/v1/governance/status", t.keys.admin));
      expect(status.residency).toMatchObject({
        status: "mismatch",
        deploymentRegion: "us",
        contractRegion: "eu",
      });
      expect((await onUs("GET", "/v1/contracts/active", t.keys.agent)).statusCode).toBe(200);

      // Another tenant, with no residency term, is served by the same deployment.
      const other = await createTenant({ store: t.store, clock: t.clock }, { name: "Other", slug: "other" });
      const widget = (
        await createApiKey({ store: t.store, clock: t.clock }, other.tenant.id, {
          scope: "widget",
          name: "w",
        })
      ).key;
      expect((await onUs("POST", "/v1/conversations", widget, { content: "hello" })).statusCode).toBe(201);

      // A contract that lets processing happen anywhere is served here again.
      const anywhere = evergreen((d) => d.setIn(["data", "residency", "processing"], "anywhere"));
      const up = await us.inject({
        method: "POST",
        url: "/v1/contracts",
        headers: { authorization: `Bearer ${t.keys.admin}`, "content-type": "application/yaml" },
        payload: anywhere,
      });
      const id = json<{ contract: { id: string } }>(up).contract.id;
      expect((await onUs("POST", `/v1/contracts/${id}/activate`, t.keys.admin, {})).statusCode).toBe(201);
      expect((await onUs("GET", `/v1/conversations/${started}`, t.keys.agent)).statusCode).toBe(200);
    });

    it("the background jobs skip the tenant", async () => {
      const { conversationId } = json<{ conversationId: string }>(
        await t.request("POST", "/v1/conversations", {
          key: t.keys.widget,
          body: { content: "how do I reset my password", customerRef: "cust-1" },
        }),
      );
      t.clock.advance(800 * DAY);
      const deps = { store: t.store, clock: t.clock, region: "us" as const };
      expect(await settleOutcomes(deps)).toMatchObject({ skippedTenants: 1, examined: 0 });
      const retention = await applyRetention(deps);
      expect(retention.tenants[0]).toMatchObject({
        tenantId: t.tenantId,
        error: { code: "RESIDENCY_REFUSED" },
        counts: { messages: 0 },
      });
      const outcome = await t.store.db
        .selectFrom("outcomes")
        .select("state")
        .where("conversation_id", "=", conversationId)
        .executeTakeFirstOrThrow();
      expect(outcome.state).toBe("pending");
      // In its own region, both run.
      expect(await settleOutcomes({ ...deps, region: "eu" })).toMatchObject({
        skippedTenants: 0,
        resolved: 1,
      });
      expect((await applyRetention({ ...deps, region: "eu" })).tenants[0]?.counts.messages).toBe(2);
    });

    it("logs refusals as errors, at most once a minute per tenant with the count since", async () => {
      const lines: { level: number; msg: string; refused?: number; tenant?: string }[] = [];
      const app = Fastify({
        logger: { level: "info", stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
      });
      app.setErrorHandler((err, request, reply) => sendError(err as Error, request, reply));
      registerAuth(app, t.store, undefined);
      registerResidencyGate(app, { store: t.store, clock: t.clock, region: "us" });
      app.get("/data", { config: { access: ["widget"] } }, async () => ({ ok: true }));
      const hit = () => app.inject({ url: "/data", headers: { authorization: `Bearer ${t.keys.widget}` } });
      const refusals = () => lines.filter((l) => l.msg.startsWith("residency: refusing"));
      for (let i = 0; i < 3; i++) expect((await hit()).statusCode).toBe(451);
      expect(refusals()).toEqual([expect.objectContaining({ level: 50, tenant: t.tenantId, refused: 1 })]);
      t.clock.advance(MINUTE);
      await hit();
      expect(refusals().map((l) => l.refused)).toEqual([1, 3]);
      await app.close();
    });
  });
}
