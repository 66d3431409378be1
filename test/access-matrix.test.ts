import { readFileSync } from "node:fs";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainWordOverlap } from "../src/agent/test-support/word-overlap-resolver.js";
import { wireRooms } from "../src/app/wire-rooms.js";
import { buildServer } from "../src/http/build-server.js";
import { recordDecision } from "../src/ledger/index.js";
import { TestLedgerKeys } from "../src/ledger/test-support/store-fixture.js";
import { ManualClock } from "../src/shared/clock.js";
import { createTestStore, DIALECTS, type TestStore } from "../src/store/test-support/test-store.js";
import { hashApiKey } from "../src/tenants/index.js";
import { KB, ROOT_KEY } from "./support.js";

/**
 * Who may call what: the scope table, declared once (README "API access" repeats it). Every operation of
 * the generated OpenAPI document must be here, so a new route cannot go untested. `customer` routes act
 * on one conversation: staff keys, or a widget key with that conversation's token.
 */
type Rule = "public" | "root" | "customer" | readonly ("admin" | "agent" | "widget" | "auditor")[];
const ADMIN = ["admin"] as const;
const STAFF = ["admin", "agent"] as const;
const LEDGER = ["admin", "auditor"] as const;
const ACCESS: Record<string, Rule> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /metrics": "root",
  "POST /v1/tenants": "root",
  "GET /v1/tenants": "root",
  "GET /v1/tenant": STAFF,
  "PATCH /v1/tenant/settings": ADMIN,
  "GET /v1/keys": ADMIN,
  "POST /v1/keys": ADMIN,
  "DELETE /v1/keys/{id}": ADMIN,
  "GET /v1/articles": STAFF,
  "POST /v1/articles": ADMIN,
  "POST /v1/articles/import": ADMIN,
  "GET /v1/articles/{id}": STAFF,
  "PATCH /v1/articles/{id}": ADMIN,
  "DELETE /v1/articles/{id}": ADMIN,
  "GET /v1/articles/{id}/versions": STAFF,
  "POST /v1/conversations": ["admin", "agent", "widget"],
  "GET /v1/conversations": STAFF,
  "GET /v1/conversations/{id}": "customer",
  "POST /v1/conversations/{id}/messages": "customer",
  "POST /v1/conversations/{id}/feedback": "customer",
  "POST /v1/conversations/{id}/escalate": "customer",
  "POST /v1/conversations/{id}/csat": "customer",
  "GET /v1/summary": STAFF,
  "GET /v1/handoffs": STAFF,
  "GET /v1/handoffs/{id}": STAFF,
  "POST /v1/handoffs/{id}/claim": STAFF,
  "POST /v1/handoffs/{id}/reply": STAFF,
  "POST /v1/handoffs/{id}/resolve": STAFF,
  "POST /v1/handoffs/{id}/learning": ADMIN,
  "GET /v1/ledger/checkpoint": LEDGER,
  "POST /v1/ledger/checkpoints": LEDGER,
  "GET /v1/ledger/entries": LEDGER,
  "GET /v1/ledger/entries/{seq}/proof": LEDGER,
  "GET /v1/ledger/consistency": LEDGER,
  "GET /v1/ledger/export": LEDGER,
  "GET /v1/ledger/keys": "public",
  "GET /v1/governance/status": ["admin", "agent", "auditor"],
  "POST /v1/contracts": ADMIN,
  "POST /v1/contracts/validate": STAFF,
  "GET /v1/contracts": STAFF,
  "GET /v1/contracts/active": STAFF,
  "GET /v1/contracts/schema": "public",
  "GET /v1/contracts/{id}": STAFF,
  "GET /v1/contracts/{old}/diff/{new}": STAFF,
  "POST /v1/contracts/{id}/activate": ADMIN,
};

const CONTRACT = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");

/** A valid body per operation (so an allowed call fails, if at all, for its state, never its shape). */
const BODIES: Record<string, unknown> = {
  "POST /v1/tenants": { name: "Matrix", slug: "matrix" },
  "PATCH /v1/tenant/settings": {},
  "POST /v1/keys": { scope: "widget", name: "matrix" },
  "POST /v1/articles": { slug: "matrix", title: "Matrix", body: "# Matrix\n\nText." },
  "POST /v1/articles/import": { articles: [KB[0]] },
  "PATCH /v1/articles/{id}": { title: "Reset your password (edited)" },
  "POST /v1/conversations": { content: "how do I export my data" },
  "POST /v1/conversations/{id}/messages": { content: "how do I invite a colleague" },
  "POST /v1/conversations/{id}/feedback": { helpful: true },
  "POST /v1/conversations/{id}/csat": { rating: 4 },
  "POST /v1/handoffs/{id}/claim": {},
  "POST /v1/handoffs/{id}/reply": { content: "On it." },
  "POST /v1/handoffs/{id}/resolve": { resolution: "Done" },
  "POST /v1/handoffs/{id}/learning": { decision: "reject" },
  "POST /v1/contracts/validate": { document: CONTRACT },
  "POST /v1/contracts/{id}/activate": {},
};
const QUERIES: Record<string, string> = { "GET /v1/ledger/consistency": "?from=1" };

/** The tables a cross-tenant call could change, compared before and after the matrix. */
const TENANT_TABLES = [
  "tenants",
  "api_keys",
  "articles",
  "article_versions",
  "conversations",
  "messages",
  "decisions",
  "handoffs",
  "outcomes",
  "csat_ratings",
  "idempotency_keys",
  "contracts",
  "contract_activations",
  "ledger_entries",
  "ledger_pending",
] as const;

interface Tenant {
  id: string;
  slug: string;
  keys: Record<"admin" | "agent" | "widget" | "auditor" | "revoked", string>;
  ids: {
    conversation: string;
    token: string;
    handoff: string;
    article: string;
    key: string;
    contract: string;
  };
}

type Caller =
  | "admin"
  | "agent"
  | "widget"
  | "widget+token"
  | "widget+wrong token"
  | "auditor"
  | "root"
  | "none"
  | "revoked";
const CALLERS: readonly Caller[] = [
  "admin",
  "agent",
  "widget",
  "widget+token",
  "widget+wrong token",
  "auditor",
  "root",
  "none",
  "revoked",
];

/** What the scope table says a caller gets: through (any answer but 401/403), or refused with a status. */
function expected(rule: Rule, caller: Caller): "through" | 401 | 403 | 404 {
  if (rule === "public") return "through";
  if (caller === "none" || caller === "revoked") return 401;
  if (rule === "root") return caller === "root" ? "through" : 403;
  if (caller === "root") return 403;
  const scope = caller.startsWith("widget") ? "widget" : (caller as "admin" | "agent" | "auditor");
  if (rule === "customer") {
    if (scope === "admin" || scope === "agent") return "through";
    if (scope === "widget") return caller === "widget+token" ? "through" : 404;
    return 403;
  }
  return rule.includes(scope) ? "through" : 403;
}

for (const dialect of DIALECTS) {
  describe(`every operation, every scope, two tenants (${dialect})`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    const clock = new ManualClock();
    const tenants: Tenant[] = [];
    let operations: { method: string; path: string; key: string }[] = [];

    const call = (
      method: string,
      url: string,
      key: string | null,
      extra: Record<string, string> = {},
      body?: unknown,
    ) =>
      app.inject({
        method: method as "GET",
        url,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...extra,
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const ok = (r: LightMyRequestResponse, what: string) => {
      expect(r.statusCode, `${what}: ${r.body}`).toBeLessThan(300);
      return r.json();
    };

    async function seedTenant(slug: string): Promise<Tenant> {
      const created = ok(await call("POST", "/v1/tenants", ROOT_KEY, {}, { name: slug, slug }), "tenant");
      const admin: string = created.adminKey.key;
      const key = async (scope: string) =>
        ok(await call("POST", "/v1/keys", admin, {}, { scope, name: scope }), "key") as {
          id: string;
          key: string;
        };
      const [agent, widget, auditor, revoked, spare] = await Promise.all(
        ["agent", "widget", "auditor", "admin", "widget"].map(key),
      );
      ok(await call("DELETE", `/v1/keys/${revoked!.id}`, admin), "revoke");
      ok(await call("POST", "/v1/articles/import", admin, {}, { articles: KB }), "kb");
      const articles = ok(await call("GET", "/v1/articles", admin), "articles");
      const started = ok(
        await call("POST", "/v1/conversations", widget!.key, {}, { content: "how do I reset my password" }),
        "conversation",
      );
      const escalated = ok(
        await call("POST", "/v1/conversations", agent!.key, {}, { content: "I want to talk to a human" }),
        "escalation",
      );
      const contract = ok(
        await call(
          "POST",
          "/v1/contracts",
          admin,
          {},
          { document: CONTRACT.replace("tenant: acme", `tenant: ${slug}`) },
        ),
        "contract",
      );
      return {
        id: created.tenant.id,
        slug,
        keys: { admin, agent: agent!.key, widget: widget!.key, auditor: auditor!.key, revoked: revoked!.key },
        ids: {
          conversation: started.conversationId,
          token: started.conversationToken,
          handoff: escalated.exchange.handoff.id,
          article: articles.items[0].id,
          key: spare!.id,
          contract: contract.contract.id,
        },
      };
    }

    beforeAll(async () => {
      store = await createTestStore(dialect);
      const rooms = wireRooms(store, trainWordOverlap, () => clock.now());
      app = await buildServer(
        {
          store,
          clock,
          ...rooms,
          recordDecision,
          rootKeyHash: hashApiKey(ROOT_KEY),
          ledgerKeys: new TestLedgerKeys(),
        },
        { logLevel: "silent" },
      );
      tenants.push(await seedTenant("acme"), await seedTenant("globex"));
      const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
      operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
      );
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await store?.dispose();
    });

    it("the scope table covers exactly the operations of the OpenAPI document", () => {
      expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(ACCESS).sort());
    });

    it("each cell gets what the table says, and no call on the other tenant's ids succeeds", async () => {
      const [mine, theirs] = tenants as [Tenant, Tenant];
      /** Everything the other tenant holds that a call could change (its ledger grows only by its own calls). */
      const snapshot = async (t: Tenant) => {
        const out: Record<string, string[]> = {};
        for (const table of TENANT_TABLES) {
          const rows = await sql<
            Record<string, unknown>
          >`select * from ${sql.table(table)} where tenant_id = ${t.id}`.execute(store.db);
          out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
        }
        return out;
      };
      const before = await snapshot(theirs);
      const keyOf = (caller: Caller): string | null =>
        caller === "none"
          ? null
          : caller === "root"
            ? ROOT_KEY
            : mine.keys[caller.startsWith("widget") ? "widget" : (caller as keyof Tenant["keys"])];
      const tokenOf = (caller: Caller): Record<string, string> =>
        caller === "widget+token"
          ? { "x-conversation-token": mine.ids.token }
          : caller === "widget+wrong token"
            ? { "x-conversation-token": `vct_${"x".repeat(43)}` }
            : {};
      const url = (path: string, t: Tenant) =>
        path
          .replace("/conversations/{id}", `/conversations/${t.ids.conversation}`)
          .replace("/handoffs/{id}", `/handoffs/${t.ids.handoff}`)
          .replace("/articles/{id}", `/articles/${t.ids.article}`)
          .replace("/keys/{id}", `/keys/${t.ids.key}`)
          .replace("/contracts/{id}", `/contracts/${t.ids.contract}`)
          .replace("{old}", t.ids.contract)
          .replace("{new}", t.ids.contract)
          .replace("{seq}", "1");
      const failures: string[] = [];
      let cells = 0;
      for (const op of operations) {
        const rule = ACCESS[op.key]!;
        const addressed = /\{(id|old|new)\}/.test(op.path);
        for (const target of addressed ? [mine, theirs] : [mine]) {
          for (const caller of CALLERS) {
            cells++;
            const r = await call(
              op.method,
              `${url(op.path, target)}${QUERIES[op.key] ?? ""}`,
              keyOf(caller),
              tokenOf(caller),
              BODIES[op.key],
            );
            const want = expected(rule, caller);
            const where = `${caller} → ${op.key} on ${target === mine ? "own" : "other tenant's"} ids: ${r.statusCode} ${r.body.slice(0, 160)}`;
            if (r.statusCode >= 500) failures.push(`5xx: ${where}`);
            else if (want !== "through" && r.statusCode !== want) failures.push(`expected ${want}: ${where}`);
            else if (want === "through" && (r.statusCode === 401 || r.statusCode === 403))
              failures.push(`expected through: ${where}`);
            else if (target === theirs && r.statusCode < 300) failures.push(`cross-tenant success: ${where}`);
            else if (target === theirs && want === "through" && r.statusCode !== 404)
              failures.push(`expected 404 for another tenant's id: ${where}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(cells).toBeGreaterThan(400);
      expect(await snapshot(theirs)).toEqual(before);
    });
  });
}
