import { ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import { noteContractActivated } from "./active-contract-parameters.js";
import { type ContractParameters, contractParameters } from "./contract-parameters.js";
import {
  buildTimeline,
  loadActivations,
  loadContractRow,
  loadVersions,
  lockContractHead,
  toDetail,
} from "./contract-records.js";
import type { ActivationView, ContractDetailView } from "./contract-views.js";
import { parseContract } from "./parse-contract.js";
import { invalidContract } from "./store-contract.js";

export interface ActivateContractInput {
  readonly contractId: string;
  /** When the contract binds (epoch ms); default now. */
  readonly effectiveFrom?: number | undefined;
  readonly actor: string;
}

export interface ActivateContractResult {
  readonly activation: ActivationView;
  readonly detail: ContractDetailView;
}

/**
 * How far in the past an effective date may be and still mean "now" (client clocks drift). Further back is
 * refused: an activation cannot change which contract governed the past.
 */
export const EFFECTIVE_FROM_TOLERANCE_MS = 5 * 60_000;

/**
 * Makes a stored version the tenant's contract from its effective date (default now). The activation is
 * recorded (who, when, from when; and in the tenant's ledger as `contract.change`, in the same transaction)
 * and takes over from its date; nothing is overwritten.
 * Only a document that validates under this server's rules is activated. Activations of one tenant
 * serialise on the contract head row, so concurrent ones get distinct, ordered sequence numbers and exactly
 * one contract is in force at any time.
 */
/**
 * Activation's dependencies. `acceptContract` is the deployment's policy on contract terms it cannot
 * honour (the composition root installs the residency check): it throws to refuse a valid contract, and
 * runs inside the activation's transaction, so a refusal records nothing.
 */
export interface ActivateContractDeps extends StoreDeps {
  readonly acceptContract?: ((params: ContractParameters) => void) | undefined;
}

export async function activateContract(
  deps: ActivateContractDeps,
  tenantId: string,
  input: ActivateContractInput,
): Promise<ActivateContractResult> {
  const now = deps.clock.now();
  const requested = input.effectiveFrom ?? now;
  if (!Number.isFinite(requested) || requested < now - EFFECTIVE_FROM_TOLERANCE_MS) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `effectiveFrom ${Number.isFinite(requested) ? new Date(requested).toISOString() : String(requested)} is in the past; an activation binds from now or a later date, it cannot change the past`,
      [{ path: "/effectiveFrom", message: "must not be in the past" }],
    );
  }
  // A date within the tolerance means now: the record never claims a contract bound before it was activated.
  const effectiveFrom = Math.max(requested, now);
  const who = await ledgerActor(deps.store, tenantId, input.actor);
  const result = await deps.store.transaction(async (trx) => {
    const head = await lockContractHead(trx, deps.store.dialect, tenantId, now);
    const row = await loadContractRow(trx, tenantId, input.contractId);
    const parsed = parseContract(row.document);
    if (!parsed.ok) throw invalidContract(parsed.problems, `version ${row.version} (${row.contract_id})`);
    deps.acceptContract?.(contractParameters(parsed.contract));
    const seq = head.revision + 1;
    await trx
      .insertInto("contract_activations")
      .values({
        tenant_id: tenantId,
        seq,
        contract_id: row.contract_id,
        effective_from: effectiveFrom,
        activated_by: input.actor,
        activated_at: now,
      })
      .execute();
    await trx
      .updateTable("contract_heads")
      .set({ revision: seq, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .execute();
    await recordAdminActions(trx, deps.store.dialect, tenantId, [
      {
        time: now,
        actor: who,
        action: "contract.change",
        subject: { contract: row.contract_id },
        details: { activation: seq, version: row.version, sha256: row.sha256, effectiveFrom },
      },
    ]);
    const versions = await loadVersions(trx, tenantId);
    const timeline = buildTimeline(await loadActivations(trx, tenantId), (id) => versions.get(id) ?? 0, now);
    const activation = timeline.activations.find((a) => a.seq === seq);
    if (!activation) throw new Error(`activation ${seq} not found after insert`);
    return { activation, detail: toDetail(row, timeline) };
  });
  noteContractActivated(deps.store, tenantId);
  return result;
}
