// `vouch worker` as a process, as the README's production setup runs it: it must keep running its jobs
// until told to stop, then drain and exit 0.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../src/shared/clock.js";
import { cliEnv, logLine, startCli } from "./cli-process.js";
import { createTestApp, DIALECTS, json } from "./support.js";

for (const dialect of DIALECTS) {
  describe(`vouch worker (${dialect})`, () => {
    it("runs its jobs until SIGTERM, then finishes, sequences the ledger queue and exits 0", async () => {
      const dir = mkdtempSync(join(tmpdir(), "vouch-worker-"));
      const t = await createTestApp(dialect, { sqliteFile: join(dir, "vouch.db") });
      const worker = startCli(
        ["worker"],
        cliEnv(t.store, dir, {
          VOUCH_LOG_LEVEL: "info",
          VOUCH_JOB_INTERVAL_MS: "100",
          VOUCH_METRICS_PORT: "0",
        }),
      );
      try {
        const metricsUrl = await worker.waitFor((l) => /^worker running .*at (http:\S+)$/.exec(l)?.[1]);

        // A conversation started after the worker, already past its 24 h inactivity window by the worker's
        // clock (the process reads the system's): settling it proves the worker still runs its jobs.
        t.clock.set(Date.now() - DAY - MINUTE);
        const started = await t.request("POST", "/v1/conversations", {
          key: t.keys.widget,
          body: { content: "how do I reset my password" },
        });
        expect(started.statusCode, started.body).toBe(201);
        const { conversationId, conversationToken } = json<{
          conversationId: string;
          conversationToken: string;
        }>(started);

        const settled = await worker.waitFor((l) => {
          const log = logLine(l);
          return log?.msg === "outcomes settled" ? (log.outcomes as Record<string, number>) : undefined;
        });
        expect(settled).toMatchObject({ resolved: 1, failed: 0 });
        expect(worker.child.exitCode).toBeNull();

        // Its metrics (without a key, on the listener of its own) count the runs of every job.
        const metrics = await (await fetch(metricsUrl)).text();
        for (const job of ["outcomes", "ledger-sequencing", "ledger-checkpoints", "governance"]) {
          expect(metrics).toMatch(new RegExp(`^vouch_job_runs_total\\{job="${job}"\\} [1-9]`, "m"));
          expect(metrics).toContain(`vouch_job_failures_total{job="${job}"} 0`);
        }
        const elsewhere = await fetch(metricsUrl.replace(/\/metrics$/, "/v1/tenants"));
        expect(elsewhere.status).toBe(404);
        expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe("ROUTE_NOT_FOUND");

        // The decision's ledger entry was queued by the request; the customer's next message queues
        // another, which the worker sequences at the latest when it stops.
        const next = await t.request("POST", `/v1/conversations/${conversationId}/messages`, {
          key: t.keys.widget,
          body: { content: "and how do I export my data" },
          headers: { "x-conversation-token": conversationToken },
        });
        expect(next.statusCode, next.body).toBe(201);
        worker.child.kill("SIGTERM");
        expect(await worker.exited).toEqual({ code: 0, signal: null });
        expect(worker.lines).toContain("stopped");
        expect(worker.lines.some((l) => logLine(l)?.msg === "ledger queue sequenced at stop")).toBe(true);

        expect(await t.store.db.selectFrom("ledger_pending").select("pending_id").execute()).toEqual([]);
        const entries = json<{ items: { entry: string }[] }>(
          await t.request("GET", `/v1/ledger/entries?subject=${conversationId}`),
        ).items.map((i) => JSON.parse(i.entry) as { type: string });
        expect(entries.filter((e) => e.type === "decision")).toHaveLength(2);
      } finally {
        if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
        await worker.exited;
        await t.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
