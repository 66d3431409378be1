import { performance } from "node:perf_hooks";
import type { Db, Store } from "../store/index.js";
import { type ContractParameters, contractParameters, termPosition } from "./contract-parameters.js";
import { type ActivationFact, activeAt } from "./contract-timeline.js";
import { parseContract } from "./parse-contract.js";

/**
 * The runtime binding: the parameters of the contract in force for a tenant at a time, read on the message
 * path, so cached in-process.
 *
 * Per tenant the cache holds the whole activation schedule (seq, contract, effective date) with the tenant's
 * contract revision (`contract_heads.revision`, which every activation increments), and per contract its
 * parsed parameters (documents never change, so those never go stale). A call picks the activation in force
 * at `now` from the cached schedule, so a scheduled activation takes effect at its time with no query.
 *
 * Freshness:
 * - An activation made by this process invalidates the tenant's entry as soon as it commits
 *   (`noteContractActivated`): the next call reloads.
 * - Activations made by other processes are noticed by comparing the revision: once `revalidateMs` (default
 *   1 s) has passed since the entry was last checked, the next call reads that one integer by primary key,
 *   and reloads the schedule only when it moved. So another process's activation binds here within about a
 *   second, at a cost of one indexed read per tenant per second rather than one per message, and nothing
 *   is re-parsed unless the contract changed. (The revision lives in this capability's head row rather than
 *   on the tenant row, because the provider's callers do not pass the tenant row.)
 */
type ActiveContractParameters = (
  deps: { readonly store: Store },
  tenantId: string,
  now: number,
) => Promise<ContractParameters | undefined>;

interface ActiveContractParametersOptions {
  /** How long a cached schedule is used before the tenant's revision is read again (ms, default 1000). */
  readonly revalidateMs?: number;
  /** Monotonic milliseconds for `revalidateMs` (default `performance.now`); tests pass a fake. */
  readonly monotonicNow?: () => number;
  /** Tenants cached per store before the cache starts over (default 10,000). */
  readonly maxTenants?: number;
}

interface ScheduleEntry {
  readonly revision: number;
  /** This process's invalidation count for the tenant when the entry was loaded. */
  readonly epoch: number;
  readonly checkedAt: number;
  readonly schedule: readonly ActivationFact[];
}

interface StoreCache {
  readonly tenants: Map<string, ScheduleEntry>;
  readonly loading: Map<string, { readonly epoch: number; readonly promise: Promise<ScheduleEntry> }>;
  /** Parameters per contract id; null for a document that no longer validates. */
  readonly parameters: Map<string, ContractParameters | null>;
}

// Keyed by the store's Kysely instance, so two stores in one process (tests) never share entries.
const epochs = new WeakMap<Db, Map<string, number>>();

const epochOf = (db: Db, tenantId: string): number => epochs.get(db)?.get(tenantId) ?? 0;

/**
 * Invalidate every in-process cache entry of the tenant. Call after an activation commits (activateContract
 * does): calling before would let a concurrent reader cache the pre-commit schedule as current.
 */
export function noteContractActivated(store: Pick<Store, "db">, tenantId: string): void {
  let byTenant = epochs.get(store.db);
  if (!byTenant) {
    byTenant = new Map();
    epochs.set(store.db, byTenant);
  }
  byTenant.set(tenantId, (byTenant.get(tenantId) ?? 0) + 1);
}

/** A provider with its own cache; `activeContractParameters` is the process-wide one. */
export function createActiveContractParameters(
  opts: ActiveContractParametersOptions = {},
): ActiveContractParameters {
  const revalidateMs = opts.revalidateMs ?? 1000;
  const monotonicNow = opts.monotonicNow ?? (() => performance.now());
  const maxTenants = opts.maxTenants ?? 10_000;
  const caches = new WeakMap<Db, StoreCache>();

  const cacheFor = (db: Db): StoreCache => {
    let c = caches.get(db);
    if (!c) {
      c = { tenants: new Map(), loading: new Map(), parameters: new Map() };
      caches.set(db, c);
    }
    return c;
  };

  async function schedule(db: Db, cache: StoreCache, tenantId: string): Promise<ScheduleEntry> {
    const epoch = epochOf(db, tenantId);
    const cached = cache.tenants.get(tenantId);
    const checkedNow = monotonicNow();
    if (cached && cached.epoch === epoch && checkedNow - cached.checkedAt < revalidateMs) return cached;
    const inFlight = cache.loading.get(tenantId);
    if (inFlight && inFlight.epoch === epoch) return inFlight.promise;
    const promise = (async () => {
      const revision = await readRevision(db, tenantId);
      const fresh: ScheduleEntry =
        cached && cached.epoch === epoch && cached.revision === revision
          ? { ...cached, checkedAt: checkedNow }
          : { revision, epoch, checkedAt: checkedNow, schedule: await readSchedule(db, tenantId) };
      if (cache.tenants.size >= maxTenants && !cache.tenants.has(tenantId)) cache.tenants.clear();
      cache.tenants.set(tenantId, fresh);
      return fresh;
    })();
    cache.loading.set(tenantId, { epoch, promise });
    try {
      return await promise;
    } finally {
      if (cache.loading.get(tenantId)?.promise === promise) cache.loading.delete(tenantId);
    }
  }

  async function parametersOf(
    db: Db,
    cache: StoreCache,
    tenantId: string,
    contractId: string,
  ): Promise<ContractParameters | undefined> {
    let params = cache.parameters.get(contractId);
    if (params === undefined) {
      const row = await db
        .selectFrom("contracts")
        .select("document")
        .where("tenant_id", "=", tenantId)
        .where("contract_id", "=", contractId)
        .executeTakeFirst();
      const parsed = row ? parseContract(row.document) : undefined;
      // Only valid documents are activated; one that fails rules added since binds nothing, and the
      // tenant's own settings apply until a valid version is activated (GET /v1/contracts/active shows why).
      params = parsed?.ok ? contractParameters(parsed.contract) : null;
      if (cache.parameters.size >= maxTenants) cache.parameters.clear();
      cache.parameters.set(contractId, params);
    }
    return params ?? undefined;
  }

  return async (deps, tenantId, now) => {
    const db = deps.store.db;
    const cache = cacheFor(db);
    const entry = await schedule(db, cache, tenantId);
    const inForce = activeAt(entry.schedule, now);
    const params = inForce ? await parametersOf(db, cache, tenantId, inForce.contractId) : undefined;
    // A contract binds only within its term: once it has ended, nothing silently goes on binding.
    return params && termPosition(params.term, now) === "within" ? params : undefined;
  };
}

// The revision is read before the schedule: an activation committing in between leaves an entry marked
// with the older revision, which the next check reloads. The other order could mark a stale schedule
// with the new revision and keep it.
async function readRevision(db: Db, tenantId: string): Promise<number> {
  const head = await db
    .selectFrom("contract_heads")
    .select("revision")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return head?.revision ?? 0;
}

async function readSchedule(db: Db, tenantId: string): Promise<readonly ActivationFact[]> {
  const rows = await db
    .selectFrom("contract_activations")
    .select(["seq", "contract_id", "effective_from"])
    .where("tenant_id", "=", tenantId)
    .orderBy("seq")
    .execute();
  return Object.freeze(
    rows.map((r) =>
      Object.freeze({ seq: r.seq, contractId: r.contract_id, effectiveFrom: r.effective_from }),
    ),
  );
}

/**
 * The parameters of the tenant's contract in force at `now`, or undefined when none is (the tenant's own
 * settings apply) — also when the activation in force is of a contract outside its term (ended, or not yet
 * started), or whose document no longer validates. Process-wide cache: see the module comment for
 * freshness. Merge the result into the agent's settings with `applyContractSettings`.
 */
export const activeContractParameters: ActiveContractParameters = createActiveContractParameters();
