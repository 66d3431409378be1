import { randomBytes } from "node:crypto";
import { sha256Hex } from "../shared/hash.js";

/**
 * API keys look like `vk_<tenant id>_<43 chars of base64url secret>`. The tenant id is part of the key so
 * the lookup `(tenant_id, key_hash)` uses the tenant-first primary index like every other table. Keys are
 * 256-bit random secrets, so one SHA-256 is the right hash: slow password hashes defend guessable inputs,
 * and these are not guessable.
 */
export type KeyScope = "admin" | "agent" | "widget" | "auditor";
/** `auditor`: read-only access to the decision ledger (checkpoints, entries, proofs, exports), nothing else. */
export const KEY_SCOPES: readonly KeyScope[] = ["admin", "agent", "widget", "auditor"];

const KEY_PATTERN = /^vk_(ten_[0-9A-Z]{26})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(tenantId: string): { key: string; hash: string; prefix: string } {
  const key = `vk_${tenantId}_${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key), prefix: `${key.slice(0, 7)}…${key.slice(-4)}` };
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** The tenant a key claims to belong to, or undefined when the string is not shaped like a key. */
export function tenantOfKey(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}
