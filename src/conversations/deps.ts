import type { AgentModel, AgentRuntime } from "../agent/index.js";
import type { StoreDeps } from "../store/index.js";
import { getTenant, type Tenant } from "../tenants/index.js";

/** What conversation use cases need: the store, a clock and the agent runtime. */
export interface ConversationDeps extends StoreDeps {
  readonly agent: AgentRuntime;
}

/**
 * The tenant and its current agent, prepared before the transaction (training never holds a lock).
 * `loaded` is the tenant as the caller already read it in this request (the HTTP edge reads it with the
 * API key), saving a query on the hot path.
 */
export async function prepareAgent(
  deps: ConversationDeps,
  tenantId: string,
  loaded?: Tenant,
): Promise<{ tenant: Tenant; agent: AgentModel }> {
  const tenant = loaded?.id === tenantId ? loaded : await getTenant(deps, tenantId);
  const agent = await deps.agent.modelFor(tenant.id, tenant.knowledgeRev, tenant.settings);
  return { tenant, agent };
}
