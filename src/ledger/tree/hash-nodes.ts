import * as crypto from "node:crypto";

/**
 * RFC 6962 §2.1 hashing: a leaf is SHA-256(0x00 || entry), an interior node SHA-256(0x01 || left || right).
 * The prefixes keep a leaf from ever being mistaken for a node (second-preimage resistance).
 */

/** Bytes in a SHA-256 hash, and so in every tree node. */
export const HASH_SIZE = 32;

/** Root of the empty tree, hex: SHA-256 of no bytes (RFC 6962 §2.1). */
const EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Root of the empty tree, as a fresh array (typed arrays cannot be frozen, so no shared constant). */
export function emptyRoot(): Uint8Array {
  return Uint8Array.from(Buffer.from(EMPTY_ROOT_HEX, "hex"));
}

type OneShot = (data: Uint8Array | string) => string;

// `crypto.hash` (Node ≥ 20.12) is a one-shot digest that allocates no Hash object, which matters to a
// verifier hashing millions of small inputs. A `latin1` string is the cheapest output: one char per byte,
// no Buffer allocation, and Buffer#write copies it back into a slab ("binary" is Node's name for latin1 in
// the digest typings). package.json allows Node 20.11, which lacks `crypto.hash`, hence the fallback.
const oneShot: OneShot =
  typeof crypto.hash === "function"
    ? (data) => crypto.hash("sha256", data, "binary")
    : (data) => crypto.createHash("sha256").update(data).digest("binary");

/** SHA-256 of bytes or of a string's UTF-8 encoding, as a `latin1` string (one char per byte). */
export function sha256Latin1(data: Uint8Array | string): string {
  return oneShot(data);
}

/** SHA-256 of bytes or of a string's UTF-8 encoding. */
export function sha256(data: Uint8Array | string): Uint8Array {
  return Buffer.from(oneShot(data), "latin1");
}

/** Leaf hash: SHA-256(0x00 || entry). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(entry.length + 1);
  input[0] = 0x00;
  input.set(entry, 1);
  return sha256(input);
}

/**
 * Leaf hash of a string's UTF-8 bytes, without materialising the bytes: "\u0000" encodes to the single
 * byte 0x00 in UTF-8, so hashing the concatenated string hashes exactly 0x00 || utf8(text).
 */
export function hashLeafText(text: string): Uint8Array {
  return Buffer.from(oneShot(`\u0000${text}`), "latin1");
}

/** Interior node hash: SHA-256(0x01 || left || right). Children are normally 32-byte hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** Constant-shape byte comparison (lengths must match too). Hashes are public, so timing is not a concern. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
