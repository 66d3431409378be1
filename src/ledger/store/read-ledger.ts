import { VouchError } from "../../shared/errors.js";
import {
  type ConsistencyProofBundle,
  type InclusionProofBundle,
  proveConsistency,
  proveEntry,
} from "../audit/prove-entry.js";
import { exportLedger, type LedgerExport } from "../audit/write-export.js";
import { formatVerifierKey } from "../checkpoints/manage-signing-keys.js";
import { isIndex } from "../tree/decompose-tree.js";
import { type LedgerDeps, requireLedgerKeys } from "./ledger-deps.js";
import { getCheckpoint, keyRef } from "./publish-checkpoint.js";
import { SqlLedgerReader } from "./sql-ledger-reader.js";

/** An entry as the API lists it: the canonical text (the leaf input) and its leaf hash. */
interface EntryView {
  readonly seq: number;
  /** The entry's canonical JSON: hash `0x00 || UTF-8(entry)` to get the leaf. */
  readonly entry: string;
  /** Base64 SHA-256(0x00 || entry). */
  readonly leafHash: string;
}

export const MAX_ENTRY_PAGE = 1000;

/**
 * Entries with from ≤ seq < to (at most MAX_ENTRY_PAGE), or those naming one subject id (a conversation,
 * message, article, API key…). `next` is the `from` of the following page, null at the end.
 */
export async function listLedgerEntries(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  query: { readonly from?: number; readonly to?: number; readonly subject?: string; readonly limit?: number },
): Promise<{ treeSize: number; items: EntryView[]; next: number | null }> {
  const reader = new SqlLedgerReader(deps.store.db, tenantId);
  const treeSize = await reader.treeSize();
  const limit = Math.min(query.limit ?? 100, MAX_ENTRY_PAGE);
  if (query.subject !== undefined) {
    const seqs = (await reader.seqsOfSubject(query.subject)).filter(
      (s) => s >= (query.from ?? 0) && s < (query.to ?? treeSize),
    );
    const page = seqs.slice(0, limit);
    const items = await entriesAt(reader, page);
    return { treeSize, items, next: seqs.length > limit ? seqs[limit]! : null };
  }
  const from = query.from ?? 0;
  const to = Math.min(query.to ?? treeSize, treeSize, from + limit);
  const items: EntryView[] = [];
  if (from < to) {
    const leaves = await reader.getNodes(
      Array.from({ length: to - from }, (_, i) => ({ level: 0, index: from + i })),
    );
    for await (const e of reader.readEntries(from, to)) items.push(view(e.seq, e.text, leaves[e.seq - from]));
  }
  const end = Math.min(query.to ?? treeSize, treeSize);
  return { treeSize, items, next: to < end ? to : null };
}

/** Seqs of the entries a CLI argument names: a seq number, or any subject id (`conv_…`, `art_…`). */
export async function resolveLedgerTarget(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  target: string,
): Promise<number[]> {
  const reader = new SqlLedgerReader(deps.store.db, tenantId);
  if (/^(?:0|[1-9][0-9]*)$/.test(target)) {
    const seq = Number(target);
    if (!isIndex(seq) || seq >= (await reader.treeSize()))
      throw new VouchError("NOT_FOUND", `ledger entry ${target} not found`, { seq: target });
    return [seq];
  }
  const seqs = await reader.seqsOfSubject(target);
  if (seqs.length === 0) throw new VouchError("NOT_FOUND", `no ledger entry names ${target}`, { target });
  return seqs;
}

/** Inclusion proof of entry `seq` against the checkpoint at `treeSize` (default: the latest checkpoint). */
export async function proveLedgerEntry(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  seq: number,
  treeSize?: number,
): Promise<InclusionProofBundle> {
  const reader = new SqlLedgerReader(deps.store.db, tenantId);
  if (seq >= (await reader.treeSize())) throw new VouchError("NOT_FOUND", `ledger entry ${seq} not found`);
  return proveEntry(reader, seq, treeSize === undefined ? {} : { treeSize });
}

/** Consistency proof between two checkpoints (`to` defaults to the latest). */
export async function proveLedgerConsistency(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  from: number,
  to?: number,
): Promise<ConsistencyProofBundle> {
  if (from === 0) {
    throw new VouchError("VALIDATION_FAILED", "a consistency proof starts at a tree size of at least 1");
  }
  if (to !== undefined && from > to) {
    throw new VouchError("VALIDATION_FAILED", `from (${from}) must not exceed to (${to})`);
  }
  return proveConsistency(new SqlLedgerReader(deps.store.db, tenantId), from, to);
}

/**
 * The tenant's log as an export (docs/ledger.md §5) up to the latest checkpoint, or the one at `treeSize`;
 * its lines stream from the database in seq order.
 */
export async function exportTenantLedger(
  deps: Pick<LedgerDeps, "store" | "clock">,
  tenantId: string,
  opts: { readonly treeSize?: number } = {},
): Promise<LedgerExport & { readonly origin: string }> {
  const checkpoint = await getCheckpoint(deps, tenantId, opts.treeSize);
  const reader = new SqlLedgerReader(deps.store.db, tenantId);
  const exp = await exportLedger(reader, {
    origin: checkpoint.origin,
    tenant: tenantId,
    treeSize: checkpoint.treeSize,
    now: deps.clock.now(),
  });
  return { ...exp, origin: checkpoint.origin };
}

/** A verifier key, as the API and CLI show it. */
interface VerifierKeyView {
  readonly vkey: string;
  readonly name: string;
  readonly keyId: string;
  readonly active: boolean;
}

/** The deployment's verifier keys: the active one first, then every retired one. */
export function listVerifierKeys(deps: Pick<LedgerDeps, "ledgerKeys">): VerifierKeyView[] {
  const ring = requireLedgerKeys(deps).ring();
  return ring.verifiers.map((k) => ({
    vkey: formatVerifierKey(k.name, k.publicKey),
    name: k.name,
    keyId: keyRef(k).split("+")[1]!,
    active: k.vkey === ring.active.vkey,
  }));
}

async function entriesAt(reader: SqlLedgerReader, seqs: readonly number[]): Promise<EntryView[]> {
  const leaves = await reader.getNodes(seqs.map((index) => ({ level: 0, index })));
  const out: EntryView[] = [];
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i]!;
    for await (const e of reader.readEntries(seq, seq + 1)) out.push(view(e.seq, e.text, leaves[i]));
  }
  return out;
}

function view(seq: number, text: string, leaf: Uint8Array | undefined): EntryView {
  return { seq, entry: text, leafHash: leaf ? Buffer.from(leaf).toString("base64") : "" };
}
