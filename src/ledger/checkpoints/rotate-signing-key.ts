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
