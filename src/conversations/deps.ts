import type { AgentModel, AgentRuntime, HandoffField } from "../agent/index.js";
import { activeContractParameters, applyContractSettings, PAYLOAD_FIELDS } from "../contract/index.js";
import { type CanonicalEntry, ledgerDigestKey, recordLedgerEntries } from "../ledger/index.js";
import type { Db, Dialect, RowGroup, StoreDeps, UnitOfWork } from "../store/index.js";
import { getTenant, type Tenant, type TenantSettings } from "../tenants/index.js";
import type { HandoffDelivery } from "./ports.js";

/**
 * How the message path records its decision entry, in the message's transaction (the conversation writes
 * its own rows: it leaves `alongside` empty). `entries` builds the entries
 * (digests, canonical form, leaf hash) when called, so that the whole of the ledger's work is the
 * recorder's.
 */
export type EntryRecorder = (
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  entries: () => readonly CanonicalEntry[],
  alongside: readonly RowGroup[],
) => Promise<void>;

/** What conversation use cases need: the store, a clock, the agent runtime and where handoffs go. */
export interface ConversationDeps extends StoreDeps {
  readonly agent: AgentRuntime;
  readonly handoffs: HandoffDelivery;
  /**
   * Records a message's decision entry in its transaction; recordLedgerEntries (handed the
   * builder, so that on SQLite a batch's entries are built together at its end) unless replaced. The
   * ledger benchmark replaces it to measure a message without an entry, or with one appended at once;
   * nothing else should.
   */
  readonly recordEntries?: EntryRecorder;
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
  /** Records the decision entry (ConversationDeps.recordEntries). */
  readonly recordEntries: EntryRecorder;
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
    recordEntries: deps.recordEntries ?? recordLedgerEntries,
    handoffs: deps.handoffs,
    handoffPayload: contract?.escalation.payload ?? PAYLOAD_FIELDS,
  };
}

/** The unit of work of a prepared turn: its tenant, in `trx`, at `now`. */
export function unitOfWork(deps: StoreDeps, trx: Db, turn: PreparedTurn, now: number): UnitOfWork {
  return { tx: trx, dialect: deps.store.dialect, tenantId: turn.tenant.id, now };
}
