import { formatCheckpoint } from "./format-checkpoint.js";
import type { SigningKey } from "./manage-signing-keys.js";
import { signNote } from "./sign-note.js";

/** What a checkpoint states: this log, at this size, has this root, as of this time. */
interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** Epoch milliseconds; written as the `time` extension line. */
  readonly time?: number;
}

/**
 * Sign a checkpoint as a C2SP signed note. Pass two signers during a key rotation (old and new), so that
 * auditors holding either key can verify the checkpoint that covers the rotation entry.
 */
export function signCheckpoint(input: CheckpointInput, signers: readonly SigningKey[]): string {
  const text = formatCheckpoint({
    origin: input.origin,
    size: input.size,
    root: input.root,
    ...(input.time !== undefined ? { time: new Date(input.time).toISOString() } : {}),
  });
  return signNote(text, signers);
}
