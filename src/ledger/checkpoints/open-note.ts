import { verify } from "node:crypto";
import { hasControlCharacter } from "./check-text.js";
import { decodeBase64Strict, isValidKeyName, type VerifierKey } from "./manage-signing-keys.js";
import { SIGNATURE_PREFIX } from "./sign-note.js";

/** One signature line of a note. */
interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/** Why a note failed to open. */
export type NoteFailure = "NOTE_MALFORMED" | "SIGNATURE_INVALID" | "KEY_UNKNOWN";

/** Outcome of opening a signed note. Never an exception. */
type OpenedNote =
  | {
      readonly ok: true;
      /** The signed text, ending in a newline. */
      readonly text: string;
      /** The trusted keys whose signatures verified. */
      readonly verifiedBy: readonly VerifierKey[];
      readonly signatures: readonly NoteSignature[];
    }
  | { readonly ok: false; readonly failure: NoteFailure; readonly reason: string };

const MAX_SIGNATURES = 100;

/**
 * Open a signed note against trusted keys, as golang.org/x/mod/sumdb/note does: signatures by keys not in
 * `trusted` (by name and key id) are ignored; a signature by a trusted key that fails to verify makes the
 * whole note invalid (SIGNATURE_INVALID); a note with no signature by a trusted key is KEY_UNKNOWN.
 */
export function openNote(note: string, trusted: readonly VerifierKey[]): OpenedNote {
  const parsed = parseNote(note);
  if (typeof parsed === "string") return { ok: false, failure: "NOTE_MALFORMED", reason: parsed };
  const message = Buffer.from(parsed.text, "utf8");
  const verifiedBy: VerifierKey[] = [];
  for (const sig of parsed.signatures) {
    const key = trusted.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (!key) continue;
    let good = false;
    try {
      good = sig.signature.length === 64 && verify(null, message, key.keyObject, sig.signature);
    } catch {
      good = false;
    }
    if (!good)
      return { ok: false, failure: "SIGNATURE_INVALID", reason: `the signature by ${key.name} is invalid` };
    if (!verifiedBy.includes(key)) verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    const names = [...new Set(parsed.signatures.map((s) => s.name))].join(", ");
    return { ok: false, failure: "KEY_UNKNOWN", reason: `signed only by keys not trusted here (${names})` };
  }
  return { ok: true, text: parsed.text, verifiedBy, signatures: parsed.signatures };
}

/** Split a signed note into its text and signature lines, or say why it is malformed. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } | string {
  if (typeof note !== "string") return "a note is text";
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return "no blank line between the text and the signatures";
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (text.length === 0) return "the note text is empty";
  if (hasControlCharacter(text, true)) return "the note text contains control characters";
  if (!block.endsWith("\n")) return "the signature block must end with a newline";
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return `more than ${MAX_SIGNATURES} signatures`;
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return "a signature line must start with an em dash and a space";
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(" ");
    if (space < 0) return "a signature line is `— <name> <base64>`";
    const name = rest.slice(0, space);
    const blob = decodeBase64Strict(rest.slice(space + 1));
    if (!isValidKeyName(name)) return "a signature names an invalid key";
    if (!blob || blob.length < 5) return "a signature is not base64 of a key id and a signature";
    signatures.push({
      name,
      keyId: Buffer.from(blob.subarray(0, 4)).readUInt32BE(0),
      signature: blob.subarray(4),
    });
  }
  return { text, signatures };
}
