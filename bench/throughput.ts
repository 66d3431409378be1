import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import Fastify from "fastify";
import { parse as parseYaml } from "yaml";
import { type OpenLoopOptions, type OpenLoopResult, openLoop } from "./open-loop.js";
import {
  assertLoadServed,
  type BenchSection,
  fmt,
  LOAD_FROM_ONE_ADDRESS,
  machine,
  readJson,
  repoRoot,
  startVouch,
  stop,
} from "./support.js";

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

const DURATION = Number(process.env.VOUCH_BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.VOUCH_BENCH_CONNECTIONS ?? 64);
const HALF_RUNS = 3;

async function load(opts: autocannon.Options): Promise<Load> {
  const r = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts });
  assertLoadServed(`load on ${opts.url}`, r);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/**
 * HALF_RUNS open-loop runs back to back, and the one with the median p99: a shared VM stalls now and then
 * for 100 ms or more, and one stall decides a run's p99. All the runs' p99s come with it.
 */
async function medianRun(
  o: Omit<OpenLoopOptions, "durationSeconds">,
): Promise<{ median: OpenLoopResult; runs: OpenLoopResult[]; p99s: string }> {
  const runs: OpenLoopResult[] = [];
  for (let run = 0; run < HALF_RUNS; run++) runs.push(await openLoop({ ...o, durationSeconds: DURATION }));
  const median = [...runs].sort((a, b) => a.p99 - b.p99)[Math.floor(HALF_RUNS / 2)] as OpenLoopResult;
  return { median, runs, p99s: runs.map((r) => fmt(r.p99, 1)).join(", ") };
}

/** Customer questions to send: every example question of the demo knowledge base, in rotation. */
export function questions(): string[] {
  const dir = join(repoRoot(), "src", "demo", "content", "articles");
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    const m = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, f), "utf8"));
    const meta = (m ? parseYaml(m[1] ?? "") : {}) as { questions?: string[] };
    out.push(...(meta.questions ?? []));
  }
  return out;
}

/**
 * Messages per second through `vouch serve` on the embedded store, every message fully processed (agent
 * decision, reply) and committed, next to a bare Fastify route in the same run; then p50/p99 at half
 * the measured maximum rate. Afterwards the database is checked: every 201 stored exactly its message,
 * decision and reply.
 */
export async function run(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), "vouch-bench-"));
  const port = 30_000 + Math.floor(Math.random() * 5000);
  const qs = questions();
  try {
    // Bare Fastify, same machine, same load generator: the ceiling of HTTP + JSON in this setup.
    const bare = Fastify({ logger: false });
    bare.post("/echo", async (req) => ({
      ok: true,
      echo: (req.body as { content?: string }).content?.length ?? 0,
    }));
    await bare.listen({ port: port + 1, host: "127.0.0.1" });
    const bareUrl = `http://127.0.0.1:${port + 1}/echo`;
    const bareBody = JSON.stringify({ content: "How do I reset my password?" });
    const baseline = await load({
      url: bareUrl,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bareBody,
    });
    // The bare route stays up (idle) for the latency control after Vouch's half-load runs.
    try {
      const { child } = await startVouch(
        ["start", "--port", String(port)],
        {
          VOUCH_DATA_DIR: dataDir,
          VOUCH_LOG_LEVEL: "warn",
          VOUCH_JOBS: "on",
          ...LOAD_FROM_ONE_ADDRESS,
        },
        /Vouch is serving/,
      );
      try {
        const keys = readJson<{ widget: string }>(join(dataDir, "demo-keys.json"));
        const headers = { "content-type": "application/json", authorization: `Bearer ${keys.widget}` };
        let i = 0;
        const next = () => JSON.stringify({ content: qs[i++ % qs.length] });
        const url = `http://127.0.0.1:${port}`;
        const warm = await load({
          url: `${url}/v1/conversations`,
          method: "POST",
          headers,
          duration: 3,
          requests: [{ setupRequest: (r) => ({ ...r, body: next() }) }],
        });
        void warm;
        const max = await load({
          url: `${url}/v1/conversations`,
          method: "POST",
          headers,
          requests: [{ setupRequest: (r) => ({ ...r, body: next() }) }],
        });
        const rate = Math.max(1, Math.floor(max.rps / 2));
        const {
          median: half,
          runs: halfRuns,
          p99s,
        } = await medianRun({ url: `${url}/v1/conversations`, rate, headers, body: next });
        await stop(child);
        // Control: the bare route at the same open-loop rate, same generator, same machine, right after. What
        // the machine and the generator add to every latency; the rest of Vouch's is Vouch's own.
        const {
          median: control,
          runs: controlRuns,
          p99s: controlP99s,
        } = await medianRun({
          url: bareUrl,
          rate,
          headers: { "content-type": "application/json" },
          body: () => bareBody,
        });

        const db = new Database(join(dataDir, "vouch.db"), { readonly: true });
        const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
        const customer = count("select count(*) n from messages where role = 'customer'");
        const replies = count("select count(*) n from messages where role = 'ai'");
        const decisions = count("select count(*) n from decisions");
        const answered = count("select count(*) n from decisions where action = 'answer'");
        // The ledger sequencer runs during the load; after a clean stop nothing may be left unsequenced.
        const ledgered = count("select count(*) n from ledger_entries where type = 'decision'");
        const pending = count("select count(*) n from ledger_pending");
        db.close();
        const json = {
          machine: machine(),
          durationSeconds: DURATION,
          connections: CONNECTIONS,
          baseline,
          vouch: { max, half, halfRuns },
          control: { median: control, runs: controlRuns },
          stored: { customer, replies, decisions, answered },
        };
        const ratio = max.rps / baseline.rps;
        const markdown = [
          "Method: `npm run bench` starts `vouch start` (embedded SQLite store, demo tenant, background jobs on: outcome job, ledger sequencer and checkpoints, retention) as a child process",
          `and drives it over loopback with autocannon (${CONNECTIONS} connections, ${DURATION} s per run, after a 3 s warm-up) from the bench process.`,
          "Each request is `POST /v1/conversations` with a customer question (the demo knowledge base's example questions in rotation):",
          "the server applies its rate limits (the widget key's per-address limit raised above the load: one address stands in for every end customer), authenticates the key, runs the agent (signals, resolver, decision), and commits the conversation, outcome, message, decision and reply",
          "in one SQLite transaction (group-committed with the requests in flight), recording the decision's ledger entry in that same commit, before answering 201",
          "(appended to the Merkle tree when the batch is busy, otherwise queued for the ledger sequencer, which runs meanwhile in the same process). The baseline is a bare Fastify `POST` route that parses the same JSON body, on the same machine, same load generator, same run.",
          "The half-load run sends requests at a constant rate of half the measured maximum, open loop (request i is due at i / rate, whatever happened to the others; `bench/open-loop.ts`),",
          "and measures each latency from when the request was due, so queueing counts. autocannon's own rate limit is not used for it: each connection sends back to back until",
          'its allowance for the second is spent, so its "half load" arrives in full-speed bursts. The half-load run is done three times',
          "back to back and the run with the median p99 is reported (a shared VM stalls now and then for 100 ms or more, and one stall decides a run's p99); all three p99s are listed.",
          "As a control, the bare route is then driven the same way (same rate, same generator, three runs) once Vouch has stopped: its latency is what the machine and the generator add.",
          "",
          `Machine: ${machine()}.`,
          "",
          "| run | requests/s | p50 ms | p99 ms | non-2xx | errors |",
          "|---|---:|---:|---:|---:|---:|",
          `| bare Fastify route (baseline) | ${fmt(baseline.rps)} | ${baseline.p50} | ${baseline.p99} | ${baseline.non2xx} | ${baseline.errors} |`,
          `| vouch, messages at max rate | ${fmt(max.rps)} | ${max.p50} | ${max.p99} | ${max.non2xx} | ${max.errors} |`,
          `| vouch, messages at half that rate (open loop, median of ${HALF_RUNS} runs) | ${fmt(half.rps)} | ${fmt(half.p50, 1)} | ${fmt(half.p99, 1)} | ${half.non2xx} | ${half.errors} |`,
          `| control: bare route at the same open-loop rate (median of ${HALF_RUNS} runs) | ${fmt(control.rps)} | ${fmt(control.p50, 1)} | ${fmt(control.p99, 1)} | ${control.non2xx} | ${control.errors} |`,
          "",
          `Vouch handles ${fmt(max.rps)} messages/s in one process, ${fmt(ratio * 100, 1)}% of the bare route's request rate; p99 at half load is ${fmt(half.p99, 1)} ms in the median run (p90 ${fmt(half.p90, 1)} ms, max ${fmt(half.max)} ms; the three runs' p99s: ${p99s} ms) (targets: ≥ 2,000 messages/s, p99 < 50 ms at half load).`,
          `Control: the bare route at the same open-loop rate, after Vouch stopped, had p99 ${fmt(control.p99, 1)} ms in the median run (runs: ${controlP99s} ms): what the machine and the load generator add.`,
          `Stored afterwards: ${fmt(customer)} customer messages, ${fmt(replies)} replies and ${fmt(decisions)} decisions (${fmt((100 * answered) / Math.max(decisions, 1), 1)}% answered, the rest escalated), including the demo's own history;`,
          `${fmt(ledgered)} decision entries in the ledger's tree and ${fmt(pending)} still queued when the server stopped.`,
        ].join("\n");
        const targets = [
          {
            what: "messages/s, one process, embedded store (every message processed and stored)",
            target: "≥ 2,000/s",
            result: `${fmt(max.rps)}/s (${fmt(ratio * 100, 1)}% of a bare Fastify route's ${fmt(baseline.rps)} req/s in the same run)`,
            met: max.rps >= 2000,
          },
          {
            what: "message latency p99 at half the maximum rate (open loop)",
            target: "< 50 ms",
            result: `${fmt(half.p99, 1)} ms at ${fmt(half.rps)}/s, median of ${HALF_RUNS} runs (p99s ${p99s} ms; p50 ${fmt(half.p50, 1)} ms)`,
            met: half.p99 < 50,
          },
        ];
        return { title: "Message throughput (HTTP, embedded store)", markdown, json, targets };
      } finally {
        await stop(child);
      }
    } finally {
      await bare.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
