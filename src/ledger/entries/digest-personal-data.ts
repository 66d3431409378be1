import { createHmac } from "node:crypto";
import { VouchError } from "../../shared/errors.js";
import { sha256 } from "../tree/hash-nodes.js";

/** A content digest as written in entries: `hmac-sha256:<64 hex>` or `sha256:<64 hex>`. */
type ContentDigest = `hmac-sha256:${string}` | `sha256:${string}`;

/** Pattern of a digest field in an entry. */
export const DIGEST_PATTERN = /^(?:hmac-sha256|sha256):[0-9a-f]{64}$/;

/**
 * Reference personal data (a customer message, an answer, an email address) by digest instead of copying it
 * into the ledger, so erasing the data never means rewriting the append-only log.
 *
 * With a key: `hmac-sha256:` HMAC-SHA256(key, UTF-8 content). This is the form for personal data. A plain
 * hash of short, guessable text ("cancel my subscription", an email address) can be confirmed by anyone who
 * guesses it — a dictionary attack on the published log. Keyed, only the key holder can test a guess, and
 * the operator can still prove "this entry is about that message" in a dispute by recomputing it.
 * Key granularity is the caller's choice and decides what erasure achieves:
 *   - a random key per end customer, deleted on erasure: the digests of that person become unlinkable
 *     noise (crypto-shredding) while the log still verifies — recommended;
 *   - one key per tenant: resists outsiders; after erasure the digest remains a pseudonym the operator
 *     could still test guesses against, so the key must be treated as personal-data-adjacent.
 * Without a key: `sha256:` SHA-256(content), only for content that is not personal (article bodies,
 * prompts, configuration), where anyone being able to check the digest is the point.
 */
export function digestContent(content: string | Uint8Array, key?: Uint8Array): ContentDigest {
  if (key === undefined) return `sha256:${Buffer.from(sha256(content)).toString("hex")}`;
  if (key.length < 16) throw new VouchError("VALIDATION_FAILED", "a digest key must be at least 16 bytes");
  return `hmac-sha256:${createHmac("sha256", key).update(content).digest("hex")}`;
}
