import { hashLeafText } from "../tree/hash-nodes.js";
import type { LedgerEntry } from "./entry-schema.js";

/** An entry ready to append: the value, its canonical text, and its Merkle leaf hash. */
export interface CanonicalEntry<E extends LedgerEntry = LedgerEntry> {
  readonly entry: E;
  /** The canonical JSON text (RFC 8785). */
  readonly text: string;
  /** SHA-256(0x00 || UTF-8 of `text`). */
  readonly leafHash: Uint8Array;
  /** `entry.time` in milliseconds since the epoch. */
  readonly timeMs: number;
}

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
