import type { StoreDeps } from "../store/index.js";
import { applyRetention, describeCounts } from "./apply-retention.js";
import { checkTenantsResidency } from "./governance-status.js";
import type { Region } from "./regions.js";
import { countTotal } from "./retention-policy.js";

/** The part of a pino logger the job uses. */
interface GovernanceLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface GovernanceJobOptions {
  /** The deployment's region (VOUCH_REGION). */
  readonly region: Region | undefined;
}

/**
 * Data governance in the background, as a job the composition root schedules (every
 * VOUCH_RETENTION_INTERVAL_MS): each run logs an error for every tenant whose contract requires in-region
 * processing in another region than the deployment's, and for every tenant whose contract in force binds
 * nothing (its term ended, or it no longer validates), then applies every tenant's retention periods
 * (applyRetention). Several processes may run it: runs of one tenant take turns batch by batch. Returns
 * the run, which resolves false when a tenant's retention failed.
 */
export function governanceJob(
  deps: StoreDeps,
  opts: GovernanceJobOptions,
  log: GovernanceLog,
): () => Promise<boolean> {
  let first = true;
  return async () => {
    for (const t of await checkTenantsResidency(deps, opts.region)) {
      if (t.notBinding) {
        log.error(
          { tenant: t.tenantId, slug: t.slug, contract: t.notBinding.contractId },
          `contract ${t.notBinding.contractId} binds nothing: ${t.notBinding.reason}`,
        );
      }
      const fields = { tenant: t.tenantId, slug: t.slug, ...t.check };
      if (t.check.status === "mismatch") {
        log.error(
          fields,
          `residency mismatch: ${t.check.message}; this deployment refuses the tenant's requests (RESIDENCY_REFUSED) and its jobs skip it`,
        );
      } else if (first && t.check.status === "undeclared")
        log.info(fields, `residency unverified: ${t.check.message}`);
    }
    first = false;
    const report = await applyRetention({ ...deps, region: opts.region });
    let ok = true;
    for (const t of report.tenants) {
      // A tenant this deployment refuses (its residency) is skipped by design and logged above.
      if (t.error?.code === "RESIDENCY_REFUSED") continue;
      if (t.error) {
        ok = false;
        log.error({ tenant: t.tenantId, slug: t.slug, error: t.error }, "retention failed");
      } else if (countTotal(t.counts) > 0) {
        log.info(
          { tenant: t.tenantId, slug: t.slug, counts: t.counts },
          `retention applied: ${describeCounts(t.counts)}`,
        );
      }
    }
    return ok;
  };
}
