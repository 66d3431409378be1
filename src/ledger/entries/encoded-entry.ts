import { hashLeafText } from "../tree/hash-nodes.js";
import type { CanonicalEntry } from "./build-entry.js";
import type { LedgerEntry } from "./entry-schema.js";

/** An entry with its canonical text; its leaf hash is computed on first use. */
export class EncodedEntry<E extends LedgerEntry = LedgerEntry> implements CanonicalEntry<E> {
  #leafHash: Uint8Array | undefined;
  #timeMs: number | undefined;

  /** `entry` must be frozen, and `text` its canonical form. */
  constructor(
    readonly entry: E,
    readonly text: string,
  ) {}

  get timeMs(): number {
    this.#timeMs ??= Date.parse(this.entry.time);
    return this.#timeMs;
  }

  get leafHash(): Uint8Array {
    // From the text directly (SHA-256 of 0x00 and its UTF-8), without materialising the bytes.
    this.#leafHash ??= hashLeafText(this.text);
    return this.#leafHash;
  }
}
