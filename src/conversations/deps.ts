import type { AgentModel, AgentRuntime } from "../agent/index.js";
import { activeContractParameters, applyContractSettings } from "../contract/index.js";
import type { StoreDeps } from "../store/index.js";
import { getTenant, type Tenant, type TenantSettings } from "../tenants/index.js";

/** What conversation use cases need: the store, a clock and the agent runtime. */
export interface ConversationDeps extends StoreDeps {
  readonly agent: AgentRuntime;
}

/**
 * The settings the agent runs with at `now`: the tenant's own, with what its contract in force states
 * applied on top (thresholds, triggers, outcome windows). A contract activation takes effect without a
 * restart: in this process at once, in others within about a second (see activeContractParameters).
 */
export async function effectiveSettings(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  own: TenantSettings,
  now: number,
): Promise<TenantSettings> {
  const contract = await activeContractParameters(deps, tenantId, now);
  return contract ? applyContractSettings(own, contract) : own;
}

/**
 * The tenant (with its effective settings) and its current agent, prepared before the transaction
 * (training never holds a lock). `loaded` is the tenant as the caller already read it in this request
 * (the HTTP edge reads it with the API key), saving a query on the hot path.
 */
export async function prepareAgent(
  deps: ConversationDeps,
  tenantId: string,
  loaded?: Tenant,
): Promise<{ tenant: Tenant; agent: AgentModel }> {
  const own = loaded?.id === tenantId ? loaded : await getTenant(deps, tenantId);
  const settings = await effectiveSettings(deps, own.id, own.settings, deps.clock.now());
  const tenant = settings === own.settings ? own : { ...own, settings };
  const agent = await deps.agent.modelFor(tenant.id, tenant.knowledgeRev, tenant.settings);
  return { tenant, agent };
}
