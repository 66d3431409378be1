import { VouchError } from "../../shared/errors.js";
import { buildAdminEntry, type EntryInput } from "../entries/build-entry.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import type { AdminEntry } from "../entries/entry-schema.js";
import type { SigningKey, VerifierKey } from "./manage-signing-keys.js";

/**
 * The deployment's checkpoint keys: one active signer, and every key that ever signed, so old checkpoints
 * keep verifying after a rotation. Each checkpoint names its signer (key name and id in the signature line).
 */
export interface KeyRing {
  readonly active: SigningKey;
  /** Every key that may appear on a checkpoint, the active one included. */
  readonly verifiers: readonly VerifierKey[];
}

/** A ring with an active key and the keys it replaced. */
export function createKeyRing(active: SigningKey, retired: readonly VerifierKey[] = []): KeyRing {
  const verifiers = [active, ...retired.filter((k) => k.vkey !== active.vkey)];
  return Object.freeze({ active, verifiers: Object.freeze(verifiers) });
}

/**
 * Make `next` the active key; the old one stays in the ring for verification. The rotation must also be
 * recorded in every tenant's log (keyRotationEntry) and the next checkpoint signed by both keys, so an
 * auditor who trusts the old key sees, under its signature, which key comes next.
 */
export function rotateKeyRing(ring: KeyRing, next: SigningKey): KeyRing {
  if (ring.verifiers.some((k) => k.vkey === next.vkey)) {
    throw new VouchError("CONFLICT", "the new checkpoint key is already in the key ring");
  }
  return createKeyRing(next, ring.verifiers);
}

/** The admin entry recording a key rotation: `key.rotate` with the previous and the new vkey. */
export function keyRotationEntry(
  input: EntryInput & { readonly previousKey: string; readonly newKey: string },
): CanonicalEntry<AdminEntry> {
  return buildAdminEntry({
    time: input.time,
    tenant: input.tenant,
    actor: input.actor,
    ...(input.subject ? { subject: input.subject } : {}),
    data: { action: "key.rotate", details: { previousKey: input.previousKey, newKey: input.newKey } },
  });
}
