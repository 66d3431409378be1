import type { AgentModel, AgentRuntime, HandoffField } from "../agent/index.js";
import { activeContractParameters, applyContractSettings, PAYLOAD_FIELDS } from "../contract/index.js";
import { type DecisionRecord, ledgerDigestKey } from "../ledger/index.js";
import type { Db, StoreDeps, UnitOfWork } from "../store/index.js";
import { getTenant, type Tenant, type TenantSettings } from "../tenants/index.js";
import type { HandoffDelivery } from "./ports.js";

/**
 * How the message path records a decision in the ledger, in the message's transaction. A port: the
 * composition root wires the ledger's recordDecision (app/wire-deps.ts). The conversation writes its own
 * rows; the ledger writes only its own.
 */
export type DecisionRecorder = (trx: Db, decision: DecisionRecord) => Promise<void>;

/**
 * What conversation use cases need: the store, a clock, the agent runtime, the decision recorder and where
 * handoffs go.
 */
export interface ConversationDeps extends StoreDeps {
  readonly agent: AgentRuntime;
  readonly handoffs: HandoffDelivery;
  readonly recordDecision: DecisionRecorder;
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
  return applyContractSettings(own, await activeContractParameters(deps, tenantId, now));
}

/** Everything a customer message needs that is read before its transaction. */
export interface PreparedTurn {
  /** What a handoff may carry: the contract's `escalation.handoff.payload` (every field without one). */
  readonly handoffPayload: readonly HandoffField[];
  /** The tenant, with its effective settings. */
  readonly tenant: Tenant;
  readonly agent: AgentModel;
  /** The tenant's key for digests of personal data in ledger entries (see ledger digestContent). */
  readonly digestKey: Uint8Array;
  /** Records the decision in the ledger (ConversationDeps.recordDecision). */
  readonly recordDecision: DecisionRecorder;
  /** Where a handoff goes (ConversationDeps.handoffs). */
  readonly handoffs: HandoffDelivery;
}

/**
 * The tenant (with its effective settings), its current agent and its ledger digest key, prepared before
 * the transaction (training never holds a lock; the key is cached per process). `loaded` is the tenant
 * as the caller already read it in this request (the HTTP edge reads it with the API key), saving a
 * query on the hot path.
 */
export async function prepareAgent(
  deps: ConversationDeps,
  tenantId: string,
  loaded?: Tenant,
): Promise<PreparedTurn> {
  const own = loaded?.id === tenantId ? loaded : await getTenant(deps, tenantId);
  const contract = await activeContractParameters(deps, own.id, deps.clock.now());
  const settings = applyContractSettings(own.settings, contract);
  const tenant = settings === own.settings ? own : { ...own, settings };
  const [agent, digestKey] = await Promise.all([
    // Under `data.trainingUse: none` the agent answers without anything learned from conversations.
    deps.agent.modelFor(tenant.id, tenant.knowledgeRev, tenant.settings, {
      useLearned: contract?.learning !== "none",
    }),
    ledgerDigestKey(deps.store, tenant.id),
  ]);
  return {
    tenant,
    agent,
    digestKey,
    recordDecision: deps.recordDecision,
    handoffs: deps.handoffs,
    handoffPayload: contract?.escalation.payload ?? PAYLOAD_FIELDS,
  };
}

/** The unit of work of a prepared turn: its tenant, in `trx`, at `now`. */
export function unitOfWork(trx: Db, turn: PreparedTurn, now: number): UnitOfWork {
  return { tx: trx, tenantId: turn.tenant.id, now };
}
