import { ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";
import { newId } from "../shared/ids.js";
import type { StoreDeps } from "../store/index.js";
import { getTenant } from "../tenants/index.js";
import type { Problem } from "./contract-problem.js";
import { buildTimeline, loadActivations, lockContractHead, toDetail } from "./contract-records.js";
import type { ContractDetailView } from "./contract-views.js";
import { lintContract, summarizeFindings } from "./lint-contract.js";
import { parseContract } from "./parse-contract.js";

interface StoreContractResult {
  readonly detail: ContractDetailView;
  /** False when the same document (same SHA-256) was already stored: that version is returned. */
  readonly created: boolean;
}

/**
 * Stores a new version of the tenant's contract, exactly as uploaded, after validating it. Only valid
 * documents are stored: an invalid one is refused with CONTRACT_INVALID and every problem with its YAML path,
 * line and column, so the history holds only versions that could be activated. Uploading the same bytes
 * again returns the stored version instead of numbering a duplicate. Storing does not activate. A new
 * version is recorded in the tenant's ledger (`contract.upload`, with its hash) in the same transaction.
 */
export async function storeContract(
  deps: StoreDeps,
  tenantId: string,
  document: string,
  actor: string,
): Promise<StoreContractResult> {
  const parsed = parseContract(document);
  if (!parsed.ok) throw invalidContract(parsed.problems);
  const declared = parsed.contract.metadata.tenant;
  if (declared !== undefined) {
    const tenant = await getTenant(deps, tenantId);
    if (declared !== tenant.id && declared !== tenant.slug) {
      const at = parsed.source.locate(["metadata", "tenant"]);
      throw new VouchError(
        "CONTRACT_TENANT_MISMATCH",
        `metadata.tenant is ${JSON.stringify(declared)} (line ${at.line}), but this is tenant ${tenant.slug} (${tenant.id})`,
        { path: "metadata.tenant", line: at.line, column: at.column, declared, tenant: tenant.slug },
      );
    }
  }
  const lint = summarizeFindings(lintContract(parsed.contract, parsed.source));
  const sha256 = sha256Hex(document);
  const who = await ledgerActor(deps.store, tenantId, actor);
  const now = deps.clock.now();
  return deps.store.transaction(async (trx) => {
    const head = await lockContractHead(trx, tenantId, now);
    const existing = await trx
      .selectFrom("contracts")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    let row = existing;
    if (!row) {
      row = {
        tenant_id: tenantId,
        contract_id: newId("contract", now),
        version: head.last_version + 1,
        name: parsed.contract.metadata.name,
        revision_label: parsed.contract.metadata.revision ?? null,
        document,
        sha256,
        lint_errors: lint.error,
        lint_warnings: lint.warning,
        lint_infos: lint.info,
        uploaded_by: actor,
        uploaded_at: now,
      };
      await trx.insertInto("contracts").values(row).execute();
      await trx
        .updateTable("contract_heads")
        .set({ last_version: row.version, updated_at: now })
        .where("tenant_id", "=", tenantId)
        .execute();
      await recordAdminActions(trx, tenantId, [
        {
          time: now,
          actor: who,
          action: "contract.upload",
          subject: { contract: row.contract_id },
          details: { version: row.version, sha256, lint },
        },
      ]);
    }
    const activations = await loadActivations(trx, tenantId);
    const version = row.version;
    const timeline = buildTimeline(activations, () => version, now);
    return { detail: toDetail(row, timeline), created: !existing };
  });
}

/** CONTRACT_INVALID with the problems in `details.problems` and the first few in the message. */
export function invalidContract(problems: readonly Problem[], subject = "the document"): VouchError {
  const first = problems
    .slice(0, 3)
    .map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`)
    .join("; ");
  return new VouchError(
    "CONTRACT_INVALID",
    `${subject} is not a valid contract (${problems.length} problem(s): ${first}${problems.length > 3 ? "; …" : ""})`,
    { problems },
  );
}
