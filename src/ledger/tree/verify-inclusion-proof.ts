import { inclusionProofLength, isIndex } from "./decompose-tree.js";
import { bytesEqual, HASH_SIZE, hashChildren } from "./hash-nodes.js";

/** Outcome of checking a proof: never an exception, so malformed input is just a failed check. */
export type ProofCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): ProofCheck => ({ ok: false, reason });

/**
 * Check that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`, by the algorithm of
 * RFC 9162 §2.1.3.2. On top of the RFC's own checks, following transparency-dev/merkle (whose probes
 * this passes): the leaf hash and every proof hash must be 32 bytes, and the proof must have exactly the
 * length PATH produces for (index, size), which rejects inserted, removed, preceding or trailing elements
 * before any hashing.
 */
export function verifyInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  if (typeof computed === "string") return fail(computed);
  return bytesEqual(computed, root) ? { ok: true } : fail("the proof leads to a different root");
}

/**
 * The root that an inclusion proof implies, or the reason the proof is malformed. Useful when the root to
 * compare with is known only later (a checkpoint read afterwards).
 */
function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | string {
  if (!isIndex(index) || !isIndex(size)) return "index and size must be non-negative safe integers";
  if (index >= size) return `leaf index ${index} is not inside a tree of size ${size}`;
  if (leafHash.length !== HASH_SIZE) return "the leaf hash is not 32 bytes";
  const expected = inclusionProofLength(index, size);
  if (proof.length !== expected) return `the proof has ${proof.length} hashes, expected ${expected}`;
  if (proof.some((p) => p.length !== HASH_SIZE)) return "a proof hash is not 32 bytes";

  // RFC 9162 §2.1.3.2, with right shifts written as halving: indices may exceed 2^32, where >> would wrap.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return "the proof is longer than the path";
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return "the proof is shorter than the path";
  return r;
}
