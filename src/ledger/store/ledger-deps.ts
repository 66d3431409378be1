import type { Clock } from "../../shared/clock.js";
import { VouchError } from "../../shared/errors.js";
import type { Store } from "../../store/index.js";
import type { KeyRing } from "../checkpoints/rotate-signing-key.js";

/**
 * The deployment's checkpoint keys, as the ledger use cases see them. The application implements it
 * (src/app/ledger-keys.ts: files in the data directory or environment variables).
 */
export interface LedgerKeys {
  /** The deployment's name: the keys' name and the first part of every log's origin. */
  readonly deployment: string;
  /** The current ring: the active signer and every retired key. May change after a rotation. */
  ring(): KeyRing;
}

/** What the ledger use cases need. Reading needs no keys; publishing checkpoints does. */
export interface LedgerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ledgerKeys?: LedgerKeys | undefined;
}

/** The keys, or LEDGER_KEY_UNAVAILABLE when this process was started without them. */
export function requireLedgerKeys(deps: Pick<LedgerDeps, "ledgerKeys">): LedgerKeys {
  if (!deps.ledgerKeys) {
    throw new VouchError(
      "LEDGER_KEY_UNAVAILABLE",
      "this process has no checkpoint signing key, so it cannot publish checkpoints",
    );
  }
  return deps.ledgerKeys;
}
