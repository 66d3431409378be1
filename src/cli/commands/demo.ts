import type { Command } from "commander";
import type { Runtime } from "../../app/open-runtime.js";
import { type DemoResult, seedDemo } from "../../demo/index.js";
import { action, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

/** `export NAME='value'` lines a shell can eval: the server's URL and the demo's keys. */
export function demoEnvLines(d: DemoResult, url: string): string[] {
  const vars = {
    VOUCH_URL: url,
    ADMIN_KEY: d.keys.admin,
    AGENT_KEY: d.keys.agent,
    WIDGET_KEY: d.keys.widget,
  };
  return Object.entries(vars).map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`);
}

/** The address clients use for a server bound to `host`: a wildcard bind is reached on loopback. */
export function clientUrl(host: string, port: number): string {
  const h = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** What a new user needs after the demo is created: where to go and which keys to use. */
export function printDemoBanner(d: DemoResult, url: string, rt: Runtime): void {
  const s = d.summary;
  const pct = (n: number) => (s.eligible > 0 ? `${Math.round((100 * n) / s.eligible)}%` : "–");
  printLine();
  printLine(`Demo tenant ${d.tenant.name} (${d.tenant.id}) ${d.created ? "created" : "already exists"}`);
  printLine(
    `  knowledge base: ${d.articles} articles · ${s.conversations} conversations${d.played ? ` (${d.played} simulated over 28 days)` : ""}`,
  );
  printLine(
    `  outcomes: ${s.byOutcome.resolved ?? 0} resolved (${pct(s.byOutcome.resolved ?? 0)} of eligible), ${s.byOutcome.escalated ?? 0} escalated, ${s.byOutcome.pending ?? 0} pending · CSAT AI ${s.csat.ai.mean ?? "–"} (${s.csat.ai.responses}) vs human ${s.csat.human.mean ?? "–"} (${s.csat.human.responses})`,
  );
  printLine(
    `  inbox: ${s.openHandoffs} open handoff${s.openHandoffs === 1 ? "" : "s"} waiting for the support team (GET /v1/handoffs with the agent key)`,
  );
  printLine();
  printLine(`  URL        ${url}   (API reference: ${url}/docs)`);
  printLine(`  admin key  ${d.keys.admin}`);
  printLine(`  agent key  ${d.keys.agent}`);
  printLine(`  widget key ${d.keys.widget}`);
  printLine(`  root key   ${rt.rootKeyFile ? `in ${rt.rootKeyFile}` : "from VOUCH_ROOT_KEY"}`);
  printLine();
  printLine(`  In another terminal, paste these (or run: eval "$(npx vouch demo --env)"):`);
  for (const line of demoEnvLines(d, url)) printLine(`    ${line}`);
  printLine();
  printLine("  Try it:");
  printLine(`    curl -s $VOUCH_URL/v1/conversations -H "authorization: Bearer $WIDGET_KEY" \\`);
  printLine(`         -H 'content-type: application/json' -d '{"content":"How do I reset my password?"}'`);
  printLine("    npx vouch chat          # talk to the agent in the terminal");
  printLine();
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "Create the demo tenant (idempotent): a knowledge base of 77 articles for Fernwork, a fictional work-management SaaS, and four weeks of simulated conversations; prints the URL and keys, then exits",
    )
    .option("--json", "print the result as JSON")
    .option("--env", 'print only `export` lines (VOUCH_URL and the keys) for: eval "$(npx vouch demo --env)"')
    .option(
      "--url <url>",
      "the server's address to print (default: $VOUCH_URL, $VOUCH_PUBLIC_URL, else http://$HOST:$PORT)",
    )
    .action(
      action(async (o: { json?: boolean; env?: boolean; url?: string }) =>
        withRuntime(async (rt) => {
          const quiet = Boolean(o.json || o.env);
          const d = await seedDemo(rt.deps, {
            dataDir: rt.config.dataDir,
            onProgress: (m) => progress(m, quiet),
          });
          const url =
            o.url ??
            process.env.VOUCH_URL ??
            rt.config.publicUrl ??
            clientUrl(rt.config.host, rt.config.port);
          if (o.env) for (const line of demoEnvLines(d, url)) printLine(line);
          else if (o.json)
            printJson({
              url,
              tenant: { id: d.tenant.id, slug: d.tenant.slug, name: d.tenant.name },
              created: d.created,
              keys: d.keys,
              articles: d.articles,
              played: d.played,
              summary: d.summary,
            });
          else printDemoBanner(d, url, rt);
        }),
      ),
    );
}
