import { ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import type { StoreDeps } from "../store/index.js";
import { noteContractActivated } from "./active-contract-parameters.js";
import { type ContractParameters, type ContractTerm, contractParameters } from "./contract-parameters.js";
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

interface ActivateContractInput {
  readonly contractId: string;
  /** When the contract binds (epoch ms); default now, or the first day of its term when that is later. */
  readonly effectiveFrom?: number | undefined;
  readonly actor: string;
}

interface ActivateContractResult {
  readonly activation: ActivationView;
  readonly detail: ContractDetailView;
}

/**
 * How far in the past an effective date may be and still mean "now" (client clocks drift). Further back is
 * refused: an activation cannot change which contract governed the past.
 */
const EFFECTIVE_FROM_TOLERANCE_MS = 5 * 60_000;

/**
 * When an activation binds, within the contract's term: the date asked for (a date within the tolerance
 * of now means now, so the record never claims a contract bound before it was activated), or by default
 * now — or the term's first day, when it starts later (the activation is then scheduled). An explicit date
 * before the term starts, or any date once the term has ended, is refused with CONTRACT_OUT_OF_TERM: a
 * contract cannot bind outside its own term.
 */
function effectiveDate(term: ContractTerm, requested: number | undefined, now: number): number {
  const from = requested === undefined ? Math.max(now, term.startsAt) : Math.max(requested, now);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (from < term.startsAt) {
    throw new VouchError(
      "CONTRACT_OUT_OF_TERM",
      `the contract's term starts on ${term.start}; activate it from ${term.start} or later, or without an effective date (it is then scheduled for ${term.start})`,
      { termStart: term.start, effectiveFrom: new Date(from).toISOString() },
    );
  }
  if (term.endsAt !== null && from >= term.endsAt) {
    throw new VouchError(
      "CONTRACT_OUT_OF_TERM",
      `the contract's term ended on ${term.end} (renewal: ${term.renewal ?? "not stated"}), so it cannot bind from ${day(from)}; upload a version with a current term`,
      { termEnd: term.end, renewal: term.renewal, effectiveFrom: new Date(from).toISOString() },
    );
  }
  return from;
}

/**
 * Activation's dependencies. `acceptContract` is the deployment's policy on contract terms it cannot
 * honour (the composition root installs it: residency, handoff delivery): it throws to refuse a valid
 * contract, and runs inside the activation's transaction, so a refusal records nothing.
 */
interface ActivateContractDeps extends StoreDeps {
  readonly acceptContract?: ((params: ContractParameters) => void) | undefined;
}

/**
 * Makes a stored version the tenant's contract from its effective date (default now, or the start of its
 * term when that is later). The activation is recorded (who, when, from when; and in the tenant's ledger
 * as `contract.change`, in the same transaction) and takes over from its date; nothing is overwritten.
 * Only a document that validates under this server's rules, within its term, and that the deployment can
 * honour (`acceptContract`) is activated. Activations of one tenant serialise on the contract head row, so
 * concurrent ones get distinct, ordered sequence numbers and exactly one contract is in force at any time.
 */
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
  const who = await ledgerActor(deps.store, tenantId, input.actor);
  const result = await deps.store.transaction(async (trx) => {
    const head = await lockContractHead(trx, tenantId, now);
    const row = await loadContractRow(trx, tenantId, input.contractId);
    const parsed = parseContract(row.document);
    if (!parsed.ok) throw invalidContract(parsed.problems, `version ${row.version} (${row.contract_id})`);
    const params = contractParameters(parsed.contract);
    const effectiveFrom = effectiveDate(params.term, input.effectiveFrom, now);
    deps.acceptContract?.(params);
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
    await recordAdminActions(trx, tenantId, [
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
