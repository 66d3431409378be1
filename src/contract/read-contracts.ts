import { VouchError } from "../shared/errors.js";
import type { ContractActivationsTable, ContractsTable, StoreDeps } from "../store/index.js";
import { type ContractParameters, contractParameters, notBindingReason } from "./contract-parameters.js";
import {
  buildTimeline,
  loadActivations,
  loadContractRow,
  loadVersions,
  type Timeline,
  toDetail,
  toSummary,
} from "./contract-records.js";
import { activeAt } from "./contract-timeline.js";
import type {
  ActiveContractView,
  ContractDetailView,
  ContractDiffView,
  ContractHistoryView,
} from "./contract-views.js";
import { iso } from "./contract-views.js";
import { diffContracts } from "./diff-contracts.js";
import { parseContract } from "./parse-contract.js";
import { invalidContract } from "./store-contract.js";
import { unsupportedTerms } from "./unsupported-terms.js";

/** Reads work on the store handle outside a transaction; the clock places activations on the timeline. */
type ReadDeps = StoreDeps;

async function timelineOf(deps: ReadDeps, tenantId: string, now: number): Promise<Timeline> {
  const [versions, rows] = await Promise.all([
    loadVersions(deps.store.db, tenantId),
    loadActivations(deps.store.db, tenantId),
  ]);
  return buildTimeline(rows, (id) => versions.get(id) ?? 0, now);
}

/** Every stored version (newest first) with its status now, and every activation (latest first). */
export async function listContracts(deps: ReadDeps, tenantId: string): Promise<ContractHistoryView> {
  const now = deps.clock.now();
  const rows = await deps.store.db
    .selectFrom("contracts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("version", "desc")
    .execute();
  const timeline = buildTimeline(
    await loadActivations(deps.store.db, tenantId),
    (id) => rows.find((r) => r.contract_id === id)?.version ?? 0,
    now,
  );
  return { items: rows.map((r) => toSummary(r, timeline)), activations: [...timeline.activations] };
}

/** One stored version with its document, findings and activations. NOT_FOUND for another tenant's id. */
export async function getContract(
  deps: ReadDeps,
  tenantId: string,
  contractId: string,
): Promise<ContractDetailView> {
  const row = await loadContractRow(deps.store.db, tenantId, contractId);
  return toDetail(row, await timelineOf(deps, tenantId, deps.clock.now()));
}

/**
 * The contract in force at `at` (default now) with the parameters the runtime reads from it, and whether
 * it binds then (`binding`, and `notBinding` saying why not: outside its term, or no longer valid).
 * NOT_FOUND when no activation has taken effect by then.
 */
export async function getActiveContract(
  deps: ReadDeps,
  tenantId: string,
  at?: number,
): Promise<ActiveContractView> {
  const now = deps.clock.now();
  const when = at ?? now;
  const rows = await loadActivations(deps.store.db, tenantId);
  const inForce = activationAt(rows, when);
  if (!inForce) {
    throw new VouchError("NOT_FOUND", `no contract is in force at ${iso(when)}; activate one first`, {
      at: iso(when),
    });
  }
  const row = await loadContractRow(deps.store.db, tenantId, inForce.contract_id);
  const versions = await loadVersions(deps.store.db, tenantId);
  const timeline = buildTimeline(rows, (id) => versions.get(id) ?? 0, now);
  const detail = toDetail(row, timeline);
  const activation = timeline.activations.find((a) => a.seq === inForce.seq);
  if (!activation) throw new Error(`activation ${inForce.seq} missing from its own timeline`);
  const parameters = parametersOf(row);
  const notBinding = notBindingReason(parameters, when);
  return {
    at: iso(when),
    activation,
    ...detail,
    binding: notBinding === null,
    notBinding,
    unsupported: parameters ? unsupportedTerms(parameters) : [],
    parameters,
  };
}

/** The contract of the activation in force at a time, and whether it binds then. */
interface ContractStanding {
  readonly contractId: string;
  readonly version: number;
  readonly name: string;
  readonly effectiveFrom: number;
  readonly binding: boolean;
  /** Why it binds nothing, for an operator; null when it binds. */
  readonly notBinding: string | null;
  /** Its runtime parameters; null when its document no longer validates. */
  readonly parameters: ContractParameters | null;
}

/**
 * The standing of the tenant's contract at `at`: which activation is in force and whether its contract
 * binds (within its term, still valid). Undefined when no activation has taken effect. Reads the document
 * without linting it, for jobs that check every tenant.
 */
export async function contractStanding(
  deps: Pick<ReadDeps, "store">,
  tenantId: string,
  at: number,
): Promise<ContractStanding | undefined> {
  const inForce = activationAt(await loadActivations(deps.store.db, tenantId), at);
  if (!inForce) return undefined;
  const row = await loadContractRow(deps.store.db, tenantId, inForce.contract_id);
  const parameters = parametersOf(row);
  const notBinding = notBindingReason(parameters, at);
  return {
    contractId: row.contract_id,
    version: row.version,
    name: row.name,
    effectiveFrom: inForce.effective_from,
    binding: notBinding === null,
    notBinding,
    parameters,
  };
}

const activationAt = (rows: readonly ContractActivationsTable[], at: number) =>
  activeAt(
    rows.map((r) => ({ ...r, contractId: r.contract_id, effectiveFrom: r.effective_from })),
    at,
  );

function parametersOf(row: ContractsTable): ContractParameters | null {
  const parsed = parseContract(row.document);
  return parsed.ok ? contractParameters(parsed.contract) : null;
}

/** The redline between two stored versions of the tenant's contract (`old` → `new`). */
export async function diffStoredContracts(
  deps: ReadDeps,
  tenantId: string,
  oldId: string,
  newId: string,
): Promise<ContractDiffView> {
  const [before, after] = await Promise.all([
    loadContractRow(deps.store.db, tenantId, oldId),
    loadContractRow(deps.store.db, tenantId, newId),
  ]);
  const a = parseContract(before.document);
  if (!a.ok) throw invalidContract(a.problems, `version ${before.version} (${before.contract_id})`);
  const b = parseContract(after.document);
  if (!b.ok) throw invalidContract(b.problems, `version ${after.version} (${after.contract_id})`);
  const diff = diffContracts(a.contract, b.contract, { oldSource: a.source, newSource: b.source });
  const ref = (r: typeof before) => ({ id: r.contract_id, version: r.version, name: r.name });
  return {
    old: ref(before),
    new: ref(after),
    changes: [...diff.changes],
    sections: diff.sections.map((s) => ({ section: s.section, changes: [...s.changes] })),
    findingsAdded: [...diff.findingsAdded],
    findingsRemoved: [...diff.findingsRemoved],
  };
}
