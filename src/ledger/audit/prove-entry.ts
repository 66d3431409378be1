import { VouchError } from "../../shared/errors.js";
import { parseCheckpoint } from "../checkpoints/format-checkpoint.js";
import { parseNote } from "../checkpoints/open-note.js";
import { buildConsistencyProof } from "../tree/build-consistency-proof.js";
import { buildInclusionProof } from "../tree/build-inclusion-proof.js";
import { isIndex } from "../tree/decompose-tree.js";
import type { LedgerReader, StoredCheckpoint } from "./ledger-reader.js";

export const INCLUSION_PROOF_FORMAT = "vouch-inclusion-proof";
export const CONSISTENCY_PROOF_FORMAT = "vouch-consistency-proof";

/**
 * Self-contained evidence that one entry is in the log: the entry text, its seq, the audit path and the
 * signed checkpoint it leads to. Checkable offline with the public key alone (verifyProofBundle).
 */
export interface InclusionProofBundle {
  readonly format: typeof INCLUSION_PROOF_FORMAT;
  readonly version: 1;
  readonly origin: string;
  readonly seq: number;
  /** The entry's canonical JSON text (the leaf input is its UTF-8). */
  readonly entry: string;
  readonly treeSize: number;
  /** Audit path, base64 hashes, leaf sibling first. */
  readonly proof: readonly string[];
  /** Signed checkpoint at treeSize. */
  readonly checkpoint: string;
}

/** Evidence that the log at size1 is a prefix of the log at size2, with both signed checkpoints. */
export interface ConsistencyProofBundle {
  readonly format: typeof CONSISTENCY_PROOF_FORMAT;
  readonly version: 1;
  readonly origin: string;
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly string[];
  readonly checkpoint1: string;
  readonly checkpoint2: string;
}

const b64 = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("base64"));

/**
 * Prove that entry `seq` is in the log, against the checkpoint at `treeSize` (default: the latest
 * checkpoint). Two O(log n) reads (the entry, the proof's nodes) and one checkpoint lookup.
 */
export async function proveEntry(
  reader: LedgerReader,
  seq: number,
  options: { readonly treeSize?: number } = {},
): Promise<InclusionProofBundle> {
  if (!isIndex(seq)) throw new VouchError("VALIDATION_FAILED", `entry seq ${seq} is not valid`, { seq });
  const checkpoint = await checkpointAt(reader, options.treeSize);
  if (checkpoint.size <= seq) {
    throw new VouchError(
      "INVALID_STATE",
      `entry ${seq} is not yet covered by a checkpoint (latest size ${checkpoint.size}); publish one first`,
      { seq, treeSize: checkpoint.size },
    );
  }
  let entry: string | undefined;
  for await (const e of reader.readEntries(seq, seq + 1)) entry = e.text;
  if (entry === undefined) throw new VouchError("NOT_FOUND", `ledger entry ${seq} not found`, { seq });
  const proof = await buildInclusionProof(reader, seq, checkpoint.size);
  return {
    format: INCLUSION_PROOF_FORMAT,
    version: 1,
    origin: originOf(checkpoint),
    seq,
    entry,
    treeSize: checkpoint.size,
    proof: b64(proof),
    checkpoint: checkpoint.note,
  };
}

/** Prove that the checkpointed log at size1 is a prefix of the one at size2 (default: the latest). */
export async function proveConsistency(
  reader: LedgerReader,
  size1: number,
  size2?: number,
): Promise<ConsistencyProofBundle> {
  const second = await checkpointAt(reader, size2);
  const first = await checkpointAt(reader, size1);
  const proof = await buildConsistencyProof(reader, first.size, second.size);
  return {
    format: CONSISTENCY_PROOF_FORMAT,
    version: 1,
    origin: originOf(second),
    size1: first.size,
    size2: second.size,
    proof: b64(proof),
    checkpoint1: first.note,
    checkpoint2: second.note,
  };
}

async function checkpointAt(reader: LedgerReader, size: number | undefined): Promise<StoredCheckpoint> {
  const all = await reader.listCheckpoints(size ?? (await reader.treeSize()));
  const found = size === undefined ? all[all.length - 1] : all.find((c) => c.size === size);
  if (!found) {
    throw new VouchError(
      "INVALID_STATE",
      size === undefined
        ? "the ledger has no checkpoint yet"
        : `no checkpoint was published at tree size ${size}`,
      { size },
    );
  }
  return found;
}

function originOf(checkpoint: StoredCheckpoint): string {
  const note = parseNote(checkpoint.note);
  const cp = typeof note === "string" ? note : parseCheckpoint(note.text);
  if (typeof cp === "string")
    throw new Error(`stored checkpoint at size ${checkpoint.size} is malformed: ${cp}`);
  return cp.origin;
}
