import { type Checkpoint, parseCheckpoint } from "./format-checkpoint.js";
import type { VerifierKey } from "./manage-signing-keys.js";
import { type NoteFailure, openNote } from "./open-note.js";

/** Outcome of opening a signed checkpoint. */
type OpenedCheckpoint =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly signedBy: readonly string[] }
  | { readonly ok: false; readonly failure: NoteFailure | "CHECKPOINT_MALFORMED"; readonly reason: string };

/** Check a signed checkpoint's signatures against trusted keys, then parse its text. Never throws. */
export function openCheckpoint(note: string, trusted: readonly VerifierKey[]): OpenedCheckpoint {
  const opened = openNote(note, trusted);
  if (!opened.ok) return opened;
  const checkpoint = parseCheckpoint(opened.text);
  if (typeof checkpoint === "string")
    return { ok: false, failure: "CHECKPOINT_MALFORMED", reason: checkpoint };
  return { ok: true, checkpoint, signedBy: opened.verifiedBy.map((k) => k.vkey) };
}
