import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { loadConfig } from "../../app/config.js";
import { openRuntime, type Runtime } from "../../app/open-runtime.js";
import { serve, work } from "../../app/serve.js";
import { type DemoResult, seedDemo } from "../../demo/index.js";
import { listTenants } from "../../tenants/index.js";
import { action, printLine, progress } from "../output.js";
import { clientUrl, printDemoBanner } from "./demo.js";

/** The URL clients reach this server at: VOUCH_PUBLIC_URL, else the address it listens on. */
function servedUrl(rt: Runtime, app: FastifyInstance): string {
  const a = app.server.address();
  if (rt.config.publicUrl) return rt.config.publicUrl;
  return typeof a === "object" && a !== null
    ? clientUrl(a.address, a.port)
    : clientUrl(rt.config.host, rt.config.port);
}

const portOption = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port ${v}`);
  return n;
};

async function runServer(opts: { port?: number; host?: string; seedIfEmpty: boolean }) {
  const config = loadConfig();
  const rt = await openRuntime(config);
  let demo: DemoResult | undefined;
  if (opts.seedIfEmpty && (await listTenants(rt.deps)).length === 0) {
    progress("The store is empty: creating the demo tenant (vouch demo)…");
    demo = await seedDemo(rt.deps, { dataDir: config.dataDir, onProgress: (m) => progress(m) });
  }
  const s = await serve(rt, opts);
  // After listening: the banner names the address the server really has (PORT=0 picks one).
  if (demo) printDemoBanner(demo, servedUrl(rt, s.app), rt);
  printLine(
    `Vouch is serving ${rt.sqliteFile ? "the embedded store" : "PostgreSQL"} at ${s.url}  (API docs: ${s.url}/docs)`,
  );
  if (s.metricsUrl) progress(`metrics without a key at ${s.metricsUrl}`);
  const signal = await stopSignal();
  progress(`${signal}: finishing requests and job runs in flight, then stopping…`);
  await s.stop();
  progress("stopped");
}

/**
 * Resolves at the first SIGINT or SIGTERM, after which the process drains and exits on its own. A second
 * signal ends it at once (Node's default, restored by removing the handlers).
 */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the HTTP API (and background jobs unless VOUCH_JOBS=off)")
    .option("-p, --port <port>", "port to listen on (default: $PORT or 3000)", portOption)
    .option("--host <host>", "interface to bind (default: $HOST or 127.0.0.1)")
    .action(action(async (o: { port?: number; host?: string }) => runServer({ ...o, seedIfEmpty: false })));

  program
    .command("start")
    .description("Seed the demo tenant if the store is empty, then serve (what `npm start` runs)")
    .option("-p, --port <port>", "port to listen on (default: $PORT or 3000)", portOption)
    .option("--host <host>", "interface to bind (default: $HOST or 127.0.0.1)")
    .action(action(async (o: { port?: number; host?: string }) => runServer({ ...o, seedIfEmpty: true })));

  program
    .command("worker")
    .description(
      "Run the background jobs only (outcomes, ledger sequencing and checkpoints, retention), for deployments with several API processes started with VOUCH_JOBS=off",
    )
    .action(
      action(async () => {
        const rt = await openRuntime(loadConfig());
        const worker = await work(rt, pino({ level: rt.config.logLevel }));
        progress(
          `worker running on ${rt.storeLabel}: outcomes every ${rt.config.jobIntervalMs} ms, ledger sequencing and checkpoints, retention${worker.metricsUrl ? `; metrics without a key at ${worker.metricsUrl}` : ""}`,
        );
        const signal = await stopSignal();
        progress(`${signal}: finishing the job runs in progress, then stopping…`);
        await worker.stop();
        progress("stopped");
      }),
    );
}
