import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { RETENTION_ACTION } from "../src/governance/apply-retention.js";
import {
  applyRetention,
  type GovernanceStatusView,
  governanceJob,
  type Region,
} from "../src/governance/index.js";
import { buildServer } from "../src/http/build-server.js";
import { recordDecision } from "../src/ledger/index.js";
import { DAY } from "../src/shared/clock.js";
import { createApiKey } from "../src/tenants/index.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful-buyer contract (residency eu, in-region) with another residency term. */
function contractIn(region: string, processing: "in-region" | "anywhere" = "in-region"): string {
  const doc = parseDocument(careful);
  doc.setIn(["data", "residency"], doc.createNode({ region, processing }));
  return doc.toString();
}

for (const dialect of DIALECTS) {
  describe(`governance status (${dialect})`, () => {
    let t: TestApp;
    const saved = process.env.VOUCH_REGION;
    afterEach(async () => {
      if (saved === undefined) delete process.env.VOUCH_REGION;
      else process.env.VOUCH_REGION = saved;
      await t.close();
    });

    /** A test app whose deployment declares `region`, as the composition root passes it from VOUCH_REGION. */
    const appIn = async (region: Region | undefined) => {
      t = await createTestApp(dialect, region ? { region } : {});
      return t;
    };
    const activate = async (yaml: string) => {
      const up = await t.request("POST", "/v1/contracts", {
        payload: yaml,
        headers: { "content-type": "application/yaml" },
      });
      expect(up.statusCode, up.body).toBeLessThan(300);
      const id = json<{ contract: { id: string } }>(up).contract.id;
      expect((await t.request("POST", `/v1/contracts/${id}/activate`, { body: {} })).statusCode).toBe(201);
      return id;
    };
    const status = async (key?: string) => {
      const r = await t.request("GET", "/v1/governance/status", key ? { key } : {});
      expect(r.statusCode, r.body).toBe(200);
      return json<GovernanceStatusView>(r);
    };

    it("without a contract: defaults, nothing to check, nothing retained less than forever", async () => {
      await appIn(undefined);
      const s = await status();
      expect(s.tenant.id).toBe(t.tenantId);
      expect(s.deployment.region).toBeNull();
      expect(s.contract).toBeNull();
      expect(s.terms).toMatchObject({
        source: "default",
        noticeDays: 0,
        billableEvents: [],
        residency: { region: null, processingInRegion: false },
      });
      expect(Object.values(s.terms.retentionDays).every((d) => d === null)).toBe(true);
      expect(s.residency.status).toBe("no-term");
      expect(s.retention).toMatchObject({
        policy: { conversations: null, personalData: null, trainingData: null },
        cutoffs: { conversations: null, personalData: null, trainingData: null, idempotency: null },
        lastRunAt: null,
        lastRecorded: null,
        pending: null,
      });
    });

    it("reports the terms in force, and that residency agrees", async () => {
      await appIn("eu");
      const id = await activate(careful);
      const s = await status();
      expect(s.deployment.region).toBe("eu");
      expect(s.contract).toMatchObject({ id, version: 1, name: "acme-support-2025", binding: true });
      expect(s.terms).toMatchObject({
        source: "contract",
        retentionDays: { conversations: 730, personalData: 365, trainingData: 730, backups: 35 },
        residency: { region: "eu", processingInRegion: true },
        noticeDays: 30,
      });
      expect(s.terms.billableEvents).toContain("resolution");
      const states = Object.fromEntries(s.terms.enforcement.map((e) => [e.term, e.state]));
      expect(states).toMatchObject({
        "retentionDays.conversations": "enforced",
        "retentionDays.personalData": "enforced",
        "retentionDays.trainingData": "enforced",
        "retentionDays.backups": "operator",
        residency: "checked",
        learning: "enforced",
        noticeDays: "planned",
        billableEvents: "planned",
      });
      expect(s.residency).toMatchObject({ status: "agrees", agrees: true });
      expect(s.retention.policy).toEqual({ conversations: 730, personalData: 365, trainingData: 730 });
      expect(Date.parse(s.retention.cutoffs.conversations!)).toBe(t.clock.now() - 730 * DAY);

      // Support staff and auditors read it; the widget cannot.
      const auditor = (
        await createApiKey({ store: t.store, clock: t.clock }, t.tenantId, { scope: "auditor", name: "a" })
      ).key;
      expect((await status(t.keys.agent)).terms.noticeDays).toBe(30);
      expect((await status(auditor)).terms.noticeDays).toBe(30);
      const widget = await t.request("GET", "/v1/governance/status", { key: t.keys.widget });
      expect(widget.statusCode).toBe(403);
      expect((await t.request("GET", "/v1/governance/status", { key: null })).statusCode).toBe(401);
    });

    it("refuses to activate a contract the deployment's region cannot honour", async () => {
      await appIn("us");
      const up = await t.request("POST", "/v1/contracts", {
        payload: careful,
        headers: { "content-type": "application/yaml" },
      });
      const id = json<{ contract: { id: string } }>(up).contract.id;
      const r = await t.request("POST", `/v1/contracts/${id}/activate`, { body: {} });
      expect(r.statusCode).toBe(409);
      expect(json<{ error: { code: string } }>(r).error.code).toBe("RESIDENCY_MISMATCH");
      const active = await t.request("GET", "/v1/contracts/active");
      expect(active.statusCode).toBe(404);
      // A contract that lets processing happen anywhere is not a mismatch.
      await activate(contractIn("eu", "anywhere"));
      expect((await status()).residency.status).toBe("stored-elsewhere");
    });

    it("reports a residency mismatch when the deployment moves under an active contract, and the job logs it", async () => {
      await appIn("eu");
      await activate(careful);
      // The same data served from a deployment that now declares another region.
      const moved = await buildServer(
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
      const r = await moved.inject({
        method: "GET",
        url: "/v1/governance/status",
        headers: { authorization: `Bearer ${t.keys.admin}` },
      });
      await moved.close();
      expect(json<{ residency: Record<string, unknown> }>(r).residency).toMatchObject({
        status: "mismatch",
        agrees: false,
        deploymentRegion: "us",
        contractRegion: "eu",
      });

      const errors: { obj: Record<string, unknown>; msg: string }[] = [];
      const log = {
        info: () => {},
        error: (obj: object, msg: string) => errors.push({ obj: obj as Record<string, unknown>, msg }),
      };
      expect(await governanceJob({ store: t.store, clock: t.clock }, { region: "us" }, log)()).toBe(true);
      expect(errors[0]?.msg).toMatch(/^residency mismatch: .*eu.*us/);
      expect(errors[0]?.obj).toMatchObject({ tenant: t.tenantId, status: "mismatch" });
    });

    it("shows retention progress, and an interrupted run's changes are recorded by the next run", async () => {
      await appIn(undefined);
      // Evergreen: the test runs past the example's term, and a contract binds only within its term.
      const evergreen = parseDocument(careful);
      evergreen.deleteIn(["term", "end"]);
      await activate(evergreen.toString());
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.widget,
        body: { content: "how do I reset my password", customerRef: "cust-1" },
      });
      expect(r.statusCode).toBe(201);
      t.clock.advance(400 * DAY);
      await applyRetention({ store: t.store, clock: t.clock });
      const s = await status();
      expect(s.retention.lastRunAt).toBe(new Date(t.clock.now()).toISOString());
      expect(s.retention.lastRecorded?.counts.customerRefs).toBe(1);
      expect(s.retention.appliedThrough.personalData).toBe(s.retention.cutoffs.personalData);
      expect(s.retention.pending).toBeNull();

      // A run that stopped after committing batches leaves its counts pending…
      const since = t.clock.now() - 1000;
      await t.store.db
        .updateTable("retention_state")
        .set({ pending: JSON.stringify({ messages: 3, conversations: 1 }), pending_since: since })
        .where("tenant_id", "=", t.tenantId)
        .execute();
      const pending = await status();
      expect(pending.retention.pending).toMatchObject({ counts: { messages: 3, conversations: 1 } });
      // …and the next run records them, even after the contract stopped stating retention.
      const noRetention = evergreen;
      noRetention.deleteIn(["data", "retentionDays"]);
      noRetention.setIn(["metadata", "revision"], "no retention");
      await activate(noRetention.toString());
      t.clock.advance(DAY);
      const next = await applyRetention({ store: t.store, clock: t.clock });
      expect(next.tenants[0]?.recorded).toMatchObject({ since, counts: { messages: 3, conversations: 1 } });
      expect((await status()).retention.pending).toBeNull();
      const entries = json<{ items: { entry: string }[] }>(
        await t.request("GET", "/v1/ledger/entries?limit=1000"),
      )
        .items.map(
          (i) => JSON.parse(i.entry) as { actor: unknown; data: { action: string; details: unknown } },
        )
        .filter((e) => e.data.action === RETENTION_ACTION);
      expect(entries).toHaveLength(2);
      expect(entries[0]?.actor).toEqual({ kind: "system", id: "retention" });
      // An auditor finds them among the entries about the tenant.
      const bySubject = json<{ items: { entry: string }[] }>(
        await t.request("GET", `/v1/ledger/entries?subject=${t.tenantId}`),
      ).items.filter((i) => i.entry.includes(`"action":"${RETENTION_ACTION}"`));
      expect(bySubject).toHaveLength(2);
      expect(entries[1]?.data.details).toMatchObject({
        since: new Date(since).toISOString(),
        counts: { messages: 3, conversations: 1, customerRefs: 0 },
        policyDays: { conversations: null, personalData: null, trainingData: null },
      });
    });
  });
}
