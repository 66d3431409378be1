import type { Store } from "../store/index.js";

/** Handoffs a person still has to finish, across the deployment. */
interface OpenHandoffCounts {
  /** Waiting for someone to claim them. */
  readonly open: number;
  /** Claimed, not yet resolved. */
  readonly claimed: number;
}

/**
 * Count the deployment's unresolved handoffs (for /metrics). Each tenant's count is a lookup in the
 * (tenant_id, status) index, so resolved handoffs, which pile up, are never scanned.
 */
export async function countOpenHandoffs(deps: { readonly store: Store }): Promise<OpenHandoffCounts> {
  const perTenant = deps.store.db.selectFrom("tenants").select((eb) => {
    const count = (status: "open" | "claimed") =>
      eb
        .selectFrom("handoffs")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("handoffs.tenant_id", "=", "tenants.tenant_id")
        .where("handoffs.status", "=", status);
    return [count("open").as("open"), count("claimed").as("claimed")];
  });
  const row = await deps.store.db
    .selectFrom(perTenant.as("per_tenant"))
    .select((eb) => [
      eb.fn.sum<number | string | null>("per_tenant.open").as("open"),
      eb.fn.sum<number | string | null>("per_tenant.claimed").as("claimed"),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open ?? 0), claimed: Number(row.claimed ?? 0) };
}
