import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { assertInRegion } from "../../governance/index.js";
import { importArticles, readArticleDir } from "../../knowledge/index.js";
import { ERROR_CATALOGUE, VouchError } from "../../shared/errors.js";
import { resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printError, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

export function registerKb(program: Command): void {
  const kb = program.command("kb").description("Knowledge base");
  kb.command("import <dir>")
    .description(
      "Import every Markdown file of a folder (*.md, *.markdown; not its subfolders) as an article (YAML front matter: title, slug, tags, questions). Upserts by slug: re-importing is idempotent. A bad file (empty, no text, over 1 MiB or 100,000 characters, not UTF-8 text, a slug an earlier file has) gets an error line and is left out; the others are imported, and the exit code is then 2",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--dry-run", "read and check every file, change nothing")
    .option("--json", "print the per-file results and errors as JSON")
    .action(
      action(async (dir: string, o: { tenant?: string; dryRun?: boolean; json?: boolean }) => {
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          throw new VouchError("DATASET_INVALID", `${dir} is not a folder`);
        }
        const { inputs, fileBySlug, failures, skipped } = readArticleDir(dir);
        if (inputs.length === 0 && failures.length === 0)
          throw new VouchError("DATASET_INVALID", `no Markdown files (*.md, *.markdown) in ${dir}`);
        for (const f of failures) printError(f.code, f.error);
        progress(
          `read ${dir}: ${inputs.length} articles, ${failures.length} refused` +
            (skipped.length > 0 ? `, ${skipped.length} other entries skipped (${skipped.join(", ")})` : ""),
          o.json,
        );
        await withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          await assertInRegion(rt.deps, tenant.id, rt.config.region, rt.deps.clock.now());
          if (!o.dryRun && inputs.length > 0)
            progress(`importing ${inputs.length} articles into ${tenant.slug} (${tenant.id})…`, o.json);
          const imported = o.dryRun
            ? []
            : await importArticles(rt.deps, tenant.id, inputs, "vouch kb import");
          const results = imported.map((r) => ({ file: fileBySlug.get(r.slug) ?? "", ...r }));
          const count = (s: string) => results.filter((r) => r.status === s).length;
          const summary = {
            articles: inputs.length,
            created: count("created"),
            updated: count("updated"),
            unchanged: count("unchanged"),
            refused: failures.length,
            skipped: skipped.length,
          };
          if (o.json) {
            printJson({ tenant: tenant.id, dryRun: Boolean(o.dryRun), summary, results, failures, skipped });
            return;
          }
          if (results.length > 0)
            printLine(
              formatTable(
                ["file", "slug", "status", "article", "version"],
                results.map((r) => [r.file, r.slug, r.status, r.articleId, r.version]),
              ),
            );
          printLine(
            o.dryRun
              ? `dry run: ${summary.articles} articles to import, ${summary.refused} refused`
              : `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused`,
          );
        });
        // The good files are in; the exit code still says that some were not.
        const first = failures[0];
        if (first) process.exitCode = ERROR_CATALOGUE[first.code].exit;
      }),
    );
}
