import { outOfRegion, type Region } from "../governance/index.js";
import type { StoreDeps } from "../store/index.js";
import { readSettings } from "../tenants/index.js";
import { effectiveSettings } from "./deps.js";
import { windowsFrom } from "./outcome-rules.js";
import { settleOutcome } from "./settle-outcome.js";

interface SettleReport {
  /** Tenants skipped: their contract requires in-region processing elsewhere than this deployment. */
  readonly skippedTenants: number;
  readonly examined: number;
  readonly resolved: number;
  readonly durable: number;
  readonly abandoned: number;
  readonly ineligible: number;
  readonly failed: number;
}

/**
 * The outcome job: find conversations whose outcome may have a due transition (pending and idle for the
 * inactivity window recorded when it started, or resolved and not yet durable), and settle each in its own
 * short transaction, by the windows in force when it started (a later contract never re-judges it). Derived only from stored
 * timestamps, so it is correct whenever it runs — after a restart, a crash or a week of downtime — and
 * running it twice changes nothing. One conversation failing does not stop the others (counted in
 * `failed`). A tenant this deployment must not serve (`deps.region` against its residency term) is
 * skipped (`skippedTenants`); the governance job logs why.
 */
export async function settleOutcomes(
  deps: StoreDeps & { readonly region?: Region | undefined },
  opts: { tenantId?: string; batchSize?: number } = {},
): Promise<SettleReport> {
  const now = deps.clock.now();
  const counts = {
    skippedTenants: 0,
    examined: 0,
    resolved: 0,
    durable: 0,
    abandoned: 0,
    ineligible: 0,
    failed: 0,
  };
  let tenants = deps.store.db.selectFrom("tenants").select(["tenant_id", "settings"]);
  if (opts.tenantId) tenants = tenants.where("tenant_id", "=", opts.tenantId);
  for (const t of await tenants.execute()) {
    // This deployment must not process the data of a tenant whose contract requires another region.
    if (await outOfRegion(deps, t.tenant_id, deps.region, now)) {
      counts.skippedTenants++;
      continue;
    }
    // Each conversation is judged by the windows recorded when it started; these, in force now, only
    // stand in for a row written before they were recorded.
    const inForce = windowsFrom(await effectiveSettings(deps, t.tenant_id, readSettings(t.settings), now));
    let after = "";
    for (;;) {
      const batch = await deps.store.db
        .selectFrom("outcomes")
        .innerJoin("conversations", (j) =>
          j
            .onRef("conversations.tenant_id", "=", "outcomes.tenant_id")
            .onRef("conversations.conversation_id", "=", "outcomes.conversation_id"),
        )
        .select("outcomes.conversation_id")
        .where("outcomes.tenant_id", "=", t.tenant_id)
        .where("outcomes.conversation_id", ">", after)
        .where((eb) =>
          eb.or([
            eb.and([
              eb("outcomes.state", "=", "pending"),
              eb(
                eb(
                  "conversations.last_message_at",
                  "+",
                  eb.fn.coalesce("outcomes.inactivity_ms", eb.val(inForce.inactivityMs)),
                ),
                "<=",
                now,
              ),
            ]),
            eb.and([eb("outcomes.state", "=", "resolved"), eb("outcomes.durable_at", "is", null)]),
          ]),
        )
        .orderBy("outcomes.conversation_id")
        .limit(opts.batchSize ?? 500)
        .execute();
      if (batch.length === 0) break;
      after = batch.at(-1)!.conversation_id;
      for (const { conversation_id } of batch) {
        counts.examined++;
        try {
          await deps.store.transaction(async (trx) => {
            const conv = await trx
              .selectFrom("conversations")
              .selectAll()
              .where("tenant_id", "=", t.tenant_id)
              .where("conversation_id", "=", conversation_id)
              .executeTakeFirstOrThrow();
            const before = await trx
              .selectFrom("outcomes")
              .selectAll()
              .where("tenant_id", "=", t.tenant_id)
              .where("conversation_id", "=", conversation_id)
              .executeTakeFirstOrThrow();
            const uow = { tx: trx, tenantId: t.tenant_id, now };
            const after2 = await settleOutcome(uow, conv, before, inForce);
            if (before.state !== after2.state) {
              if (after2.state === "resolved") counts.resolved++;
              else if (after2.state === "abandoned") counts.abandoned++;
              else if (after2.state === "ineligible") counts.ineligible++;
            }
            if (before.durable_at === null && after2.durable_at !== null) counts.durable++;
          });
        } catch {
          counts.failed++;
        }
      }
    }
  }
  return counts;
}
