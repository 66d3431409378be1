import type { Store } from "../../store/index.js";
import { type VerifyReport, verifyExport } from "../audit/verify-export.js";
import {
  type GeneratedKey,
  generateSigningKey,
  parseVerifierKey,
} from "../checkpoints/manage-signing-keys.js";
import { createKeyRing, type KeyRing } from "../checkpoints/rotate-signing-key.js";
import type { LedgerDeps, LedgerKeys } from "../store/ledger-deps.js";
import { exportTenantLedger } from "../store/read-ledger.js";
import { chunksOf } from "./make-ledger.js";

/** Checkpoint keys held in memory, rotatable by assignment: what src/app/ledger-keys.ts does with files. */
export class TestLedgerKeys implements LedgerKeys {
  current: KeyRing;
  constructor(
    readonly key: GeneratedKey = generateSigningKey("vouch.test"),
    readonly deployment = key.signer.name,
  ) {
    this.current = createKeyRing(key.signer);
  }
  ring(): KeyRing {
    return this.current;
  }
}

let tenantCounter = 0;

/** Insert a bare tenant row (no ledger entries), returning its id. */
export async function insertTestTenant(store: Store, now = Date.UTC(2026, 0, 5, 9)): Promise<string> {
  tenantCounter++;
  const id = `ten_01J${String(tenantCounter).padStart(23, "0")}`;
  await store.db
    .insertInto("tenants")
    .values({
      tenant_id: id,
      slug: `t${tenantCounter}-${Date.now()}`,
      name: "T",
      settings: "{}",
      knowledge_rev: 0,
      created_at: now,
    })
    .execute();
  return id;
}

/** The tenant's export (to its latest checkpoint) as one string. */
export async function exportText(deps: LedgerDeps, tenantId: string, treeSize?: number): Promise<string> {
  const exp = await exportTenantLedger(deps, tenantId, treeSize === undefined ? {} : { treeSize });
  let text = "";
  for await (const line of exp.lines) text += line;
  return text;
}

/** Verify export texts (and separately held checkpoints) against vkeys, as `vouch audit verify` does. */
export function verifyTexts(
  texts: readonly string[],
  vkeys: readonly string[],
  checkpoints: readonly string[] = [],
): Promise<VerifyReport> {
  return verifyExport(
    texts.map((t, i) => ({ name: `export-${i}.jsonl`, chunks: chunksOf(t, 1000) })),
    {
      keys: vkeys.map(parseVerifierKey),
      checkpoints: checkpoints.map((note, i) => ({ name: `checkpoint-${i}`, note })),
      checkEntries: true,
    },
  );
}
