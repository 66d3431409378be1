import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildServer } from "../src/http/build-server.js";
import { Metrics } from "../src/http/metrics.js";
import { recordDecision, sequenceAllLedgers } from "../src/ledger/index.js";
import { hashApiKey } from "../src/tenants/index.js";
import { createTestApp, DIALECTS, json, ROOT_KEY, type TestApp } from "./support.js";

/** One sample of a Prometheus text exposition: name, labels, value. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one series with exactly these labels; undefined when there is none. */
function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}) {
  const want = JSON.stringify(Object.entries(labels).sort());
  const found = samples.filter(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want,
  );
  if (found.length > 1) throw new Error(`several series ${name} ${want}`);
  return found[0]?.value;
}

async function scrape(t: TestApp): Promise<Sample[]> {
  const r = await t.request("GET", "/metrics", { key: ROOT_KEY });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(r.body);
}

for (const dialect of DIALECTS) {
  describe(`GET /metrics (${dialect})`, () => {
    it("counts requests by route pattern and status, decisions by action and reason, and reads open handoffs and the ledger's size", async () => {
      const t = await createTestApp(dialect);
      try {
        const conversations = "/v1/conversations";
        const first = await t.request("POST", conversations, {
          key: t.keys.widget,
          body: { content: "how do I reset my password" },
          headers: { "idempotency-key": "first-question" },
        });
        expect(first.statusCode, first.body).toBe(201);
        // The widget's view hides decisions; the metrics count them all the same.
        const { conversationId, conversationToken } = json<{
          conversationId: string;
          conversationToken: string;
        }>(first);
        expect(first.body).not.toContain("decision");
        // A retry replays the first response: one request more, no decision more.
        const retry = await t.request("POST", conversations, {
          key: t.keys.widget,
          body: { content: "how do I reset my password" },
          headers: { "idempotency-key": "first-question" },
        });
        expect(retry.headers["idempotent-replayed"]).toBe("true");
        const human = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
          key: t.keys.widget,
          body: { content: "I want to talk to a human" },
          headers: { "x-conversation-token": conversationToken },
        });
        expect(human.statusCode, human.body).toBe(201);
        const decisions = json<{ decisions: { action: string; reason: string }[] }>(
          await t.request("GET", `/v1/conversations/${conversationId}`),
        ).decisions;
        expect(decisions.map((d) => d.action)).toEqual(["answer", "escalate"]);
        const exchange = { decision: decisions[0] as { action: string; reason: string } };
        expect(
          (await t.request("GET", "/v1/conversations/conv_nope", { key: t.keys.widget })).statusCode,
        ).toBe(404);
        expect((await t.request("GET", "/no/such/route")).statusCode).toBe(404);

        const before = await scrape(t);
        const requests = (route: string, method: string, status: string) =>
          sampleValue(before, "vouch_http_request_duration_seconds_count", { method, route, status });
        expect(requests(conversations, "POST", "201")).toBe(2);
        expect(requests("/v1/conversations/:id/messages", "POST", "201")).toBe(1);
        expect(requests("/v1/conversations/:id", "GET", "404")).toBe(1);
        expect(requests("unmatched", "GET", "404")).toBe(1);
        expect(
          sampleValue(before, "vouch_http_request_duration_seconds_bucket", {
            method: "POST",
            route: conversations,
            status: "201",
            le: "+Inf",
          }),
        ).toBe(2);
        expect(before.some((s) => s.labels.route?.includes("conv_nope"))).toBe(false);

        expect(
          sampleValue(before, "vouch_decisions_total", {
            action: exchange.decision.action,
            reason: exchange.decision.reason,
          }),
        ).toBe(1);
        expect(
          sampleValue(before, "vouch_decisions_total", {
            action: "escalate",
            reason: "customer_requested_human",
          }),
        ).toBe(1);
        expect(before.filter((s) => s.name === "vouch_decisions_total")).toHaveLength(2);

        expect(sampleValue(before, "vouch_handoffs_open", { status: "open" })).toBe(1);
        expect(sampleValue(before, "vouch_handoffs_open", { status: "claimed" })).toBe(0);
        const queued = sampleValue(before, "vouch_ledger_queued_entries") ?? Number.NaN;
        const entries = sampleValue(before, "vouch_ledger_entries") ?? Number.NaN;
        const pending = await t.store.db.selectFrom("ledger_pending").select("pending_id").execute();
        expect(pending.length).toBeGreaterThan(0);
        expect(queued).toBe(pending.length);

        // Once the sequencer has run, the queue is in the tenant's log, whose size the API reports.
        await sequenceAllLedgers({ store: t.store });
        const after = await scrape(t);
        const log = json<{ treeSize: number }>(await t.request("GET", "/v1/ledger/entries?limit=1"));
        expect(sampleValue(after, "vouch_ledger_queued_entries")).toBe(0);
        expect(sampleValue(after, "vouch_ledger_entries")).toBe(log.treeSize);
        expect(log.treeSize).toBe(entries + queued);

        // A test server has no process metrics and no WAL gauge: those are the serving process's.
        expect(after.some((s) => s.name.startsWith("process_") || s.name === "vouch_sqlite_wal_bytes")).toBe(
          false,
        );
      } finally {
        await t.close();
      }
    });

    it("needs the deployment root key: 401 without a key, 403 with a tenant key", async () => {
      const t = await createTestApp(dialect);
      try {
        const none = await t.request("GET", "/metrics", { key: null });
        expect(none.statusCode).toBe(401);
        expect(json<{ error: { code: string } }>(none).error.code).toBe("UNAUTHENTICATED");
        const admin = await t.request("GET", "/metrics", { key: t.keys.admin });
        expect(admin.statusCode).toBe(403);
        expect(admin.body).not.toContain("vouch_");
      } finally {
        await t.close();
      }
    });
  });
}

describe("Metrics", () => {
  const dir = mkdtempSync(join(tmpdir(), "vouch-metrics-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is per server: two servers in one process count their own requests", async () => {
    const t = await createTestApp("sqlite");
    const other = await buildServer(
      {
        store: t.store,
        clock: t.clock,
        agent: t.agent,
        handoffs: t.handoffs,
        recordDecision,
        rootKeyHash: hashApiKey(ROOT_KEY),
      },
      { logLevel: "silent" },
    );
    try {
      await t.request("GET", "/healthz");
      for (let i = 0; i < 2; i++)
        expect((await other.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
      const health = { method: "GET", route: "/healthz", status: "200" };
      expect(sampleValue(await scrape(t), "vouch_http_request_duration_seconds_count", health)).toBe(1);
      const theirs = await other.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: `Bearer ${ROOT_KEY}` },
      });
      expect(
        sampleValue(parseExposition(theirs.body), "vouch_http_request_duration_seconds_count", health),
      ).toBe(2);
    } finally {
      await other.close();
      await t.close();
    }
  });

  it("reports the WAL file's size, the process's own metrics and job runs", async () => {
    const t = await createTestApp("sqlite", { seed: false });
    try {
      const sqliteFile = join(dir, "vouch.db");
      const metrics = new Metrics({ store: t.store, sqliteFile, processMetrics: true });
      const read = async () => parseExposition((await metrics.scrape()).body);
      expect(sampleValue(await read(), "vouch_sqlite_wal_bytes")).toBe(0);
      writeFileSync(`${sqliteFile}-wal`, Buffer.alloc(12_345));
      const samples = await read();
      expect(sampleValue(samples, "vouch_sqlite_wal_bytes")).toBe(12_345);
      expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
      expect(samples.some((s) => s.name === "nodejs_eventloop_lag_seconds")).toBe(true);

      const from = Date.now() / 1000;
      metrics.jobRan("outcomes", true);
      metrics.jobRan("outcomes", false);
      metrics.jobRan("governance", true);
      const to = Date.now() / 1000;
      const jobs = await read();
      expect(sampleValue(jobs, "vouch_job_runs_total", { job: "outcomes" })).toBe(2);
      expect(sampleValue(jobs, "vouch_job_failures_total", { job: "outcomes" })).toBe(1);
      expect(sampleValue(jobs, "vouch_job_runs_total", { job: "governance" })).toBe(1);
      expect(sampleValue(jobs, "vouch_job_failures_total", { job: "governance" })).toBe(0);
      const lastSuccess = sampleValue(jobs, "vouch_job_last_success_timestamp_seconds", {
        job: "governance",
      });
      expect(lastSuccess).toBeGreaterThanOrEqual(from);
      expect(lastSuccess).toBeLessThanOrEqual(to);
    } finally {
      await t.close();
    }
  });
});
