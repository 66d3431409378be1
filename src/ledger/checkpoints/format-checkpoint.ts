import { VouchError } from "../../shared/errors.js";
import { isIndex } from "../tree/decompose-tree.js";
import { HASH_SIZE } from "../tree/hash-nodes.js";
import { hasControlCharacter } from "./check-text.js";
import { decodeBase64Strict } from "./manage-signing-keys.js";

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed-note text of a tree head.
 *   <origin>\n<tree size, decimal, no leading zeros>\n<base64 root hash>\n[extension lines]
 * Vouch writes one extension line, `time <RFC 3339 UTC ms>`, the moment the checkpoint was made; readers
 * that do not know it ignore it, as the format requires.
 */
export interface Checkpoint {
  /** Unique name of the log: `<deployment>/vouch/<tenant id>` (see ledgerOrigin). */
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** From the `time` extension line, when present. */
  readonly time?: string;
  /** Every extension line, as written. */
  readonly extensions: readonly string[];
}

const TIME_LINE = /^time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/**
 * The origin of a tenant's log. Origins must be globally unique, because a checkpoint signed for one log
 * must never be accepted for another; the deployment name (normally its host) plus the tenant id is.
 */
export function ledgerOrigin(deployment: string, tenantId: string): string {
  const origin = `${deployment}/vouch/${tenantId}`;
  if (!isValidOrigin(origin)) throw new VouchError("VALIDATION_FAILED", `invalid ledger origin ${origin}`);
  return origin;
}

function isValidOrigin(origin: string): boolean {
  return origin.length > 0 && origin.length <= 512 && !hasControlCharacter(origin);
}

/** The checkpoint note text. */
export function formatCheckpoint(cp: {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly time?: string;
}): string {
  if (!isValidOrigin(cp.origin)) throw new VouchError("VALIDATION_FAILED", "invalid checkpoint origin");
  if (!isIndex(cp.size)) throw new VouchError("VALIDATION_FAILED", "invalid checkpoint tree size");
  if (cp.root.length !== HASH_SIZE) throw new VouchError("VALIDATION_FAILED", "a root hash is 32 bytes");
  const lines = [cp.origin, String(cp.size), Buffer.from(cp.root).toString("base64")];
  if (cp.time !== undefined) {
    if (!TIME_LINE.test(`time ${cp.time}`))
      throw new VouchError("VALIDATION_FAILED", "invalid checkpoint time");
    lines.push(`time ${cp.time}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Parse a checkpoint note text, or say why it is not one. */
export function parseCheckpoint(text: string): Checkpoint | string {
  if (!text.endsWith("\n")) return "a checkpoint ends with a newline";
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) return "a checkpoint has an origin, a tree size and a root hash line";
  const [origin, sizeText, rootText] = lines as [string, string, string];
  const extensions = lines.slice(3);
  if (!isValidOrigin(origin)) return "the origin line is empty or invalid";
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText) || !isIndex(Number(sizeText))) {
    return "the tree size is not a decimal number without leading zeros";
  }
  const root = decodeBase64Strict(rootText);
  if (!root || root.length !== HASH_SIZE) return "the root hash is not base64 of 32 bytes";
  if (extensions.some((l) => l.length === 0)) return "an extension line is empty";
  const time = extensions.map((l) => TIME_LINE.exec(l)?.[1]).find((t) => t !== undefined);
  return { origin, size: Number(sizeText), root, extensions, ...(time ? { time } : {}) };
}
