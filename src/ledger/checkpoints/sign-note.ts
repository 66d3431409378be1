import { VouchError } from "../../shared/errors.js";
import { hasControlCharacter } from "./check-text.js";
import type { SigningKey } from "./manage-signing-keys.js";

/**
 * C2SP signed-note (https://c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then one
 * line per signature: `— <key name> <base64(4-byte big-endian key id || signature)>\n`, where the dash is
 * U+2014 EM DASH and the signature is over the text bytes exactly (final newline included, blank line not).
 */

/** The signature line prefix: U+2014 EM DASH and a space. */
export const SIGNATURE_PREFIX = "\u2014 ";

/** Why a note text cannot be signed, or undefined when it can. */
function noteTextProblem(text: string): string | undefined {
  if (text.length === 0 || !text.endsWith("\n"))
    return "a note text must be non-empty and end with a newline";
  // Controls other than newline would let a text render differently from what was signed.
  if (hasControlCharacter(text, true)) return "a note text must not contain control characters";
  if (text.includes("\n\n")) return "a note text must not contain a blank line";
  return undefined;
}

/** Sign a note text with one or more keys (several while a key rotation overlaps). */
export function signNote(text: string, signers: readonly SigningKey[]): string {
  const problem = noteTextProblem(text);
  if (problem) throw new VouchError("VALIDATION_FAILED", problem);
  if (signers.length === 0) throw new VouchError("VALIDATION_FAILED", "a note needs at least one signer");
  const message = Buffer.from(text, "utf8");
  const lines = signers.map((s) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId, 0);
    const blob = Buffer.concat([id, s.sign(message)]);
    return `${SIGNATURE_PREFIX}${s.name} ${blob.toString("base64")}\n`;
  });
  return `${text}\n${lines.join("")}`;
}
