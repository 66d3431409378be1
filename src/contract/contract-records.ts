import { notFound } from "../shared/errors.js";
import {
  type ContractActivationsTable,
  type ContractHeadsTable,
  type ContractsTable,
  type Db,
  forUpdate,
} from "../store/index.js";
import { type ActivationState, contractStatus, placeActivations } from "./contract-timeline.js";
import type { ActivationView, ContractDetailView, ContractSummaryView } from "./contract-views.js";
import { iso, isoOrNull } from "./contract-views.js";
import { lintContract, problemFindings } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";

/**
 * Reading and locking the contract tables, and turning rows into views. Shared by the contract use cases;
 * not exported from the capability.
 */

/**
 * Lock the tenant's contract head row for the rest of the transaction, creating it on first use, and return
 * it. Uploads and activations both take it, so they serialise per tenant: PostgreSQL holds a row lock (a
 * concurrent first insert waits on the primary key, then finds the row); SQLite needs nothing more than the
 * BEGIN IMMEDIATE every store transaction starts with.
 */
export async function lockContractHead(trx: Db, tenantId: string, now: number): Promise<ContractHeadsTable> {
  await trx
    .insertInto("contract_heads")
    .values({ tenant_id: tenantId, last_version: 0, revision: 0, updated_at: now })
    .onConflict((oc) => oc.column("tenant_id").doNothing())
    .execute();
  return forUpdate(
    trx,
    trx.selectFrom("contract_heads").selectAll().where("tenant_id", "=", tenantId),
  ).executeTakeFirstOrThrow();
}

export async function loadContractRow(db: Db, tenantId: string, contractId: string): Promise<ContractsTable> {
  const row = await db
    .selectFrom("contracts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("contract_id", "=", contractId)
    .executeTakeFirst();
  if (!row) throw notFound("contract", contractId);
  return row;
}

export async function loadActivations(db: Db, tenantId: string): Promise<ContractActivationsTable[]> {
  return db
    .selectFrom("contract_activations")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("seq", "desc")
    .execute();
}

/** The activation log placed on the timeline at `now`, latest first, with each contract's version. */
export interface Timeline {
  readonly activations: readonly ActivationView[];
  /** States of each contract's activations. */
  readonly statesOf: (contractId: string) => readonly ActivationState[];
}

export function buildTimeline(
  rows: readonly ContractActivationsTable[],
  versionOf: (contractId: string) => number,
  now: number,
): Timeline {
  const placed = placeActivations(
    rows.map((r) => ({ ...r, seq: r.seq, contractId: r.contract_id, effectiveFrom: r.effective_from })),
    now,
  );
  const activations = placed
    .map(
      (p): ActivationView => ({
        seq: p.activation.seq,
        contractId: p.activation.contract_id,
        version: versionOf(p.activation.contract_id),
        effectiveFrom: iso(p.activation.effective_from),
        activatedBy: p.activation.activated_by,
        activatedAt: iso(p.activation.activated_at),
        state: p.state,
        activeUntil: isoOrNull(p.activeUntil),
      }),
    )
    .sort((a, b) => b.seq - a.seq);
  const states = new Map<string, ActivationState[]>();
  for (const a of activations) states.set(a.contractId, [...(states.get(a.contractId) ?? []), a.state]);
  return { activations, statesOf: (id) => states.get(id) ?? [] };
}

export function toSummary(row: ContractsTable, timeline: Timeline): ContractSummaryView {
  const latest = timeline.activations.find((a) => a.contractId === row.contract_id);
  return {
    id: row.contract_id,
    version: row.version,
    name: row.name,
    revision: row.revision_label,
    sha256: row.sha256,
    status: contractStatus(timeline.statesOf(row.contract_id)),
    lint: { error: row.lint_errors, warning: row.lint_warnings, info: row.lint_infos },
    uploadedBy: row.uploaded_by,
    uploadedAt: iso(row.uploaded_at),
    effectiveFrom: latest?.effectiveFrom ?? null,
    activatedBy: latest?.activatedBy ?? null,
    activatedAt: latest?.activatedAt ?? null,
  };
}

/**
 * A version with its document, and the problems and findings under this server's rules (the stored lint
 * counts are as of upload; rules may have changed since).
 */
export function toDetail(row: ContractsTable, timeline: Timeline): ContractDetailView {
  const parsed = parseContract(row.document);
  return {
    contract: toSummary(row, timeline),
    document: row.document,
    valid: parsed.ok,
    problems: parsed.ok ? [] : [...parsed.problems],
    findings: [
      ...(parsed.ok ? lintContract(parsed.contract, parsed.source) : problemFindings(parsed.problems)),
    ],
    activations: timeline.activations.filter((a) => a.contractId === row.contract_id),
  };
}

/** Version numbers of the tenant's contracts, for activation views. */
export async function loadVersions(db: Db, tenantId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("contracts")
    .select(["contract_id", "version"])
    .where("tenant_id", "=", tenantId)
    .execute();
  return new Map(rows.map((r) => [r.contract_id, r.version]));
}
