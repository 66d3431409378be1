import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { assertInRegion } from "../../governance/index.js";
import { importArticles, readArticleDir } from "../../knowledge/index.js";
import { VouchError } from "../../shared/errors.js";
import { resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

export function registerKb(program: Command): void {
  const kb = program.command("kb").description("Knowledge base");
  kb.command("import <dir>")
    .description(
      "Import every Markdown file of a folder as an article (YAML front matter: title, slug, tags, questions). Upserts by slug: re-importing is idempotent; a bad file is reported and skipped",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--dry-run", "parse and report, change nothing")
    .option("--json", "print per-file results as JSON")
    .action(
      action(async (dir: string, o: { tenant?: string; dryRun?: boolean; json?: boolean }) => {
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          throw new VouchError("DATASET_INVALID", `${dir} is not a folder`);
        }
        const { inputs, failures } = readArticleDir(dir);
        if (inputs.length === 0 && failures.length === 0)
          throw new VouchError("DATASET_INVALID", `no .md files in ${dir}`);
        progress(
          `parsed ${inputs.length} articles${failures.length ? `, ${failures.length} failed` : ""}`,
          o.json,
        );
        await withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          await assertInRegion(rt.deps, tenant.id, rt.config.region, rt.deps.clock.now());
          const results = o.dryRun ? [] : await importArticles(rt.deps, tenant.id, inputs, "vouch kb import");
          if (o.json) {
            printJson({ tenant: tenant.id, dryRun: Boolean(o.dryRun), results, failures });
          } else {
            if (results.length > 0)
              printLine(
                formatTable(
                  ["slug", "status", "article", "version"],
                  results.map((r) => [r.slug, r.status, r.articleId, r.version]),
                ),
              );
            for (const f of failures) printLine(`failed  ${f.file}: ${f.error}`);
            const count = (s: string) => results.filter((r) => r.status === s).length;
            printLine(
              o.dryRun
                ? `dry run: ${inputs.length} valid, ${failures.length} invalid`
                : `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged, ${failures.length} failed`,
            );
          }
          if (failures.length > 0) process.exitCode = 1;
        });
      }),
    );
}
