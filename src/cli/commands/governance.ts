import type { Command } from "commander";
import {
  applyRetention,
  describeCounts,
  type GovernanceStatusView,
  governanceStatus,
  RETENTION_COUNT_KEYS,
  type RetentionReport,
} from "../../governance/index.js";
import { listTenants, resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

const TENANT_FLAGS = "-t, --tenant <id|slug>";

/**
 * `vouch governance …`: the contract's data terms on the configured store. `status` shows the terms in force
 * per tenant (retention, residency against VOUCH_REGION, notice days, billable events) and how far
 * retention has been applied; `retention run` applies the retention periods now, as the job does.
 */
export function registerGovernance(program: Command): void {
  const governance = program
    .command("governance")
    .description("Data governance: contract terms in force, residency, retention")
    .addHelpText(
      "after",
      `
Examples:
  $ vouch governance status
  $ vouch governance status --tenant acme --json
  $ vouch governance retention run --dry-run
  $ vouch governance retention run --tenant acme

docs/governance.md describes what is enforced and how to verify it in the ledger.`,
    );

  governance
    .command("status")
    .description(
      "The contract terms in force per tenant (retention, residency, notice days, billable events), the residency check against VOUCH_REGION, and how far retention has been applied",
    )
    .option(TENANT_FLAGS, "one tenant (default: every tenant)")
    .option("--json", "print JSON: {deploymentRegion, tenants: [status…]}")
    .action(
      action(async (o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const tenants = o.tenant ? [await resolveTenant(rt.deps, o.tenant)] : await listTenants(rt.deps);
          const statuses: GovernanceStatusView[] = [];
          for (const t of tenants) statuses.push(await governanceStatus(rt.deps, t.id, rt.config.region));
          if (o.json) printJson({ deploymentRegion: rt.config.region ?? null, tenants: statuses });
          else {
            printLine(`Deployment region: ${rt.config.region ?? "undeclared (set VOUCH_REGION)"}`);
            for (const s of statuses) printStatus(s);
          }
          // A contract this deployment must not process under is a failure a script should notice.
          if (statuses.some((s) => s.residency.status === "mismatch")) process.exitCode = 1;
        }),
      ),
    );

  const retention = governance.command("retention").description("The contract's retention periods");
  retention
    .command("run")
    .description(
      "Apply every tenant's retention periods now, as the job does: remove conversation text, personal data and training data older than the contract in force allows; one ledger entry per tenant that changed",
    )
    .option(TENANT_FLAGS, "one tenant (default: every tenant)")
    .option("--dry-run", "count what would be removed, change nothing")
    .option("--json", "print the report as JSON")
    .option("-q, --quiet", "no progress on stderr")
    .action(
      action(async (o: { tenant?: string; dryRun?: boolean; json?: boolean; quiet?: boolean }) =>
        withRuntime(async (rt) => {
          const tenant = o.tenant ? await resolveTenant(rt.deps, o.tenant) : undefined;
          const report = await applyRetention(rt.deps, {
            tenantId: tenant?.id,
            dryRun: o.dryRun,
            actor: "vouch governance retention run",
            onProgress: (m) => progress(m, o.quiet),
          });
          if (o.json) printJson(report);
          else printReport(report);
          if (report.tenants.some((t) => t.error)) process.exitCode = 1;
        }),
      ),
    );
}

const dayText = (n: number | null) => (n === null ? "kept" : `${n} d`);

function printStatus(s: GovernanceStatusView): void {
  const t = s.terms;
  const r = s.retention;
  printLine();
  printLine(`${s.tenant.slug} (${s.tenant.id})`);
  printLine(
    `  contract   ${
      s.contract
        ? `${s.contract.id} v${s.contract.version} "${s.contract.name}" in force since ${s.contract.effectiveFrom}${s.contract.binding ? "" : `, NOT BINDING: ${s.contract.notBinding}`}`
        : "none in force (defaults: keep everything)"
    }`,
  );
  for (const u of s.unhonoured) printLine(`  NOT HONOURED ${u.term} ${u.value}: ${u.message}`);
  printLine(`  residency  ${s.residency.status}: ${s.residency.message}`);
  printLine(
    `  retention  conversations ${dayText(t.retentionDays.conversations)}, personal data ${dayText(t.retentionDays.personalData)}, training data ${dayText(t.retentionDays.trainingData)}`,
  );
  printLine(
    `             applied through ${r.appliedThrough.conversations ?? "-"} (text), ${r.appliedThrough.personalData ?? "-"} (personal data); last run ${r.lastRunAt ?? "never"}`,
  );
  if (r.lastRecorded) {
    printLine(`             last recorded ${r.lastRecorded.at}: ${describeCounts(r.lastRecorded.counts)}`);
  }
  if (r.pending) {
    printLine(`             pending since ${r.pending.since}: ${describeCounts(r.pending.counts)}`);
  }
  printLine(`  notice     ${t.noticeDays} days (change control will enforce)`);
  printLine(
    `  billable   ${t.billableEvents.length > 0 ? t.billableEvents.join(", ") : "none"} (metering will record)`,
  );
}

function printReport(report: RetentionReport): void {
  const header = ["tenant", ...RETENTION_COUNT_KEYS, "result"];
  const rows = report.tenants.map((t) => [
    t.slug,
    ...RETENTION_COUNT_KEYS.map((k) => t.counts[k]),
    t.error
      ? `error ${t.error.code}: ${t.error.message}`
      : report.dryRun
        ? "dry run"
        : t.recorded
          ? "recorded in ledger"
          : "nothing to remove",
  ]);
  printLine(formatTable(header, rows));
}
