import { VouchError } from "../../shared/errors.js";
import { buildConsistencyProof } from "../tree/build-consistency-proof.js";
import { isIndex } from "../tree/decompose-tree.js";
import {
  formatCheckpointLine,
  formatConsistencyLine,
  formatEndLine,
  formatEntryLine,
  formatHeaderLine,
} from "./export-format.js";
import type { LedgerReader, StoredCheckpoint } from "./ledger-reader.js";

export interface ExportOptions {
  /** The log's origin (as on its checkpoints). */
  readonly origin: string;
  readonly tenant: string;
  /** Export the first `treeSize` entries; a checkpoint at that size must exist. Default: the latest checkpoint. */
  readonly treeSize?: number;
  /** Epoch milliseconds, for the header's `createdAt`. */
  readonly now: number;
  /** Include a consistency proof between each pair of successive checkpoints (default true). */
  readonly consistencyProofs?: boolean;
}

/** A prepared export: what it will contain, and its lines to stream (each ending in a newline). */
export interface LedgerExport {
  readonly treeSize: number;
  readonly checkpoints: number;
  readonly lines: AsyncIterable<string>;
}

/**
 * Prepare an export of a tenant's log up to a checkpointed size (see export-format.ts). Checks up front
 * that a signed checkpoint covers the size, so a stream is never started that could not verify; entries are
 * then streamed from the reader in seq order, never held in memory all at once.
 * Publishing a fresh checkpoint first (so the export reaches the newest entry) is the caller's choice.
 */
export async function exportLedger(reader: LedgerReader, options: ExportOptions): Promise<LedgerExport> {
  const current = await reader.treeSize();
  const available = await reader.listCheckpoints(options.treeSize ?? current);
  const size = options.treeSize ?? available[available.length - 1]?.size;
  if (size === undefined) {
    throw new VouchError("INVALID_STATE", "the ledger has no checkpoint yet; publish one before exporting");
  }
  if (!isIndex(size) || size > current) {
    throw new VouchError("VALIDATION_FAILED", `tree size ${size} is not between 0 and ${current}`, { size });
  }
  const checkpoints = available.filter((c) => c.size <= size);
  if (checkpoints[checkpoints.length - 1]?.size !== size) {
    throw new VouchError("INVALID_STATE", `no checkpoint was published at tree size ${size}`, { size });
  }
  return {
    treeSize: size,
    checkpoints: checkpoints.length,
    lines: generateLines(reader, options, size, checkpoints),
  };
}

async function* generateLines(
  reader: LedgerReader,
  options: ExportOptions,
  size: number,
  checkpoints: readonly StoredCheckpoint[],
): AsyncGenerator<string> {
  yield formatHeaderLine({
    origin: options.origin,
    tenant: options.tenant,
    treeSize: size,
    createdAt: new Date(options.now).toISOString(),
  });
  for (const c of checkpoints) yield formatCheckpointLine(c.note);
  if (options.consistencyProofs ?? true) {
    for (let i = 1; i < checkpoints.length; i++) {
      const from = checkpoints[i - 1]!.size;
      const to = checkpoints[i]!.size;
      if (from === 0) continue; // no proof from the empty tree exists
      yield formatConsistencyLine(from, to, await buildConsistencyProof(reader, from, to));
    }
  }
  let expected = 0;
  for await (const e of reader.readEntries(0, size)) {
    // A gap means rows were lost; exporting around it would only move the failure to the auditor.
    if (e.seq !== expected)
      throw new Error(`ledger entries have a gap: expected seq ${expected}, read ${e.seq}`);
    yield formatEntryLine(e.seq, e.text);
    expected++;
  }
  if (expected !== size) throw new Error(`ledger has ${expected} entries below tree size ${size}`);
  yield formatEndLine(size);
}
