import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { AgentRuntime, TrainFn } from "../src/agent/index.js";
import { trainWordOverlap } from "../src/agent/test-support/word-overlap-resolver.js";
import { wireRooms } from "../src/app/wire-rooms.js";
import type { ContractParameters } from "../src/contract/index.js";
import type { HandoffDelivery } from "../src/conversations/index.js";
import { assertContractHonoured, type Region } from "../src/governance/index.js";
import { buildServer, type ServerOptions } from "../src/http/build-server.js";
import { type LedgerKeys, recordDecision } from "../src/ledger/index.js";
import { ManualClock } from "../src/shared/clock.js";
import type { Dialect } from "../src/store/index.js";
import { createTestStore, type TestStore } from "../src/store/test-support/test-store.js";
import { createApiKey, createTenant, hashApiKey } from "../src/tenants/index.js";

export { DIALECTS } from "../src/store/test-support/test-store.js";

export const ROOT_KEY = "vroot_test_root_key_0123456789abcdef";

/** A small knowledge base whose questions the word-overlap test resolver separates cleanly. */
export const KB = [
  {
    slug: "reset-password",
    title: "Reset your password",
    body: "# Reset your password\n\nUse the reset link on the sign-in page.\n\n1. Open the sign-in page.\n2. Click **Forgot password**.\n3. Follow the email link.",
    questions: ["how do I reset my password", "forgot my password", "password reset email"],
  },
  {
    slug: "export-data",
    title: "Export your workspace data",
    body: "# Export your workspace data\n\nAdmins can export all data as CSV or JSON from Settings → Data → Export.",
    questions: ["how do I export my data", "download all workspace data as csv", "export to json"],
  },
  {
    slug: "invite-users",
    title: "Invite users to your workspace",
    body: "# Invite users\n\nGo to Settings → Members → Invite and enter email addresses.",
    questions: ["how do I invite a colleague", "add users to my workspace", "invite team members"],
  },
];

export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: TestStore;
  readonly clock: ManualClock;
  readonly agent: AgentRuntime;
  readonly handoffs: HandoffDelivery;
  readonly tenantId: string;
  readonly keys: { admin: string; agent: string; widget: string };
  request(
    method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT",
    url: string,
    opts?: {
      key?: string | null;
      body?: unknown;
      payload?: string | Buffer;
      headers?: Record<string, string>;
    },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** An in-process API over a fresh store of the given dialect, with one tenant and the small KB. */
export async function createTestApp(
  dialect: Dialect,
  opts: {
    train?: TrainFn;
    sqliteFile?: string;
    seed?: boolean;
    region?: Region;
    /** Extra server options (rate limits, connection limits, public URL). */
    server?: ServerOptions;
    ledgerKeys?: LedgerKeys;
    /** The articles the tenant starts with (default: the test knowledge base, KB). */
    articles?: readonly unknown[];
  } = {},
): Promise<TestApp> {
  const store = await createTestStore(dialect, opts.sqliteFile);
  const clock = new ManualClock();
  const { agent, handoffs } = wireRooms(store, opts.train ?? trainWordOverlap, () => clock.now());
  const deps = {
    store,
    clock,
    agent,
    handoffs,
    recordDecision, // as the composition root wires it (app/wire-deps.ts)
    rootKeyHash: hashApiKey(ROOT_KEY),
    region: opts.region,
    ledgerKeys: opts.ledgerKeys,
    // The same policy the composition root installs: a contract this deployment cannot honour is refused.
    acceptContract: (params: ContractParameters) => assertContractHonoured(params, opts.region),
  };
  const app = await buildServer(deps, { logLevel: "silent", ...opts.server });
  let tenantId = "";
  const keys = { admin: "", agent: "", widget: "" };
  if (opts.seed !== false) {
    const t = await createTenant(deps, { name: "Acme", slug: "acme" });
    tenantId = t.tenant.id;
    keys.admin = t.adminKey.key;
    keys.agent = (await createApiKey(deps, tenantId, { scope: "agent", name: "Dana" })).key;
    keys.widget = (await createApiKey(deps, tenantId, { scope: "widget", name: "site widget" })).key;
  }
  const request: TestApp["request"] = (method, url, o = {}) => {
    const key = o.key === undefined ? keys.admin : o.key;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (key) headers.authorization = `Bearer ${key}`;
    if (o.body !== undefined) headers["content-type"] ??= "application/json";
    return app.inject({
      method,
      url,
      headers,
      ...(o.payload !== undefined
        ? { payload: o.payload }
        : o.body !== undefined
          ? { payload: JSON.stringify(o.body) }
          : {}),
    });
  };
  if (opts.seed !== false) {
    const r = await request("POST", "/v1/articles/import", { body: { articles: opts.articles ?? KB } });
    if (r.statusCode !== 200) throw new Error(`seed import failed: ${r.body}`);
  }
  return {
    app,
    store,
    clock,
    agent,
    handoffs,
    tenantId,
    keys,
    request,
    close: async () => {
      await app.close();
      await store.dispose();
    },
  };
}

export const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json() as T;

/** Store a contract document for the test tenant (admin key); its version's id. */
export async function uploadContract(t: TestApp, yaml: string): Promise<string> {
  const r = await t.request("POST", "/v1/contracts", {
    payload: yaml,
    headers: { "content-type": "application/yaml" },
  });
  if (r.statusCode >= 300) throw new Error(`contract upload failed: ${r.statusCode} ${r.body}`);
  return json<{ contract: { id: string } }>(r).contract.id;
}
