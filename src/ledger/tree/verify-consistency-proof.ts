import { consistencyProofLength, isIndex } from "./decompose-tree.js";
import { bytesEqual, HASH_SIZE, hashChildren } from "./hash-nodes.js";
import type { ProofCheck } from "./verify-inclusion-proof.js";

const fail = (reason: string): ProofCheck => ({ ok: false, reason });

/**
 * Check that the tree of `size1` leaves with root `root1` is a prefix of the tree of `size2` leaves with
 * root `root2`, by the algorithm of RFC 9162 §2.1.4.2. The rules around it are those the published probes
 * imply (transparency-dev/merkle `proof/verify.go`):
 * - size1 = 0 is refused even when size2 = 0: a proof from the empty tree proves nothing;
 * - size2 < size1 is refused;
 * - size1 = size2 needs an empty proof and root1 = root2, compared byte for byte whatever their length;
 * - otherwise the proof must be non-empty, of exactly the length PROOF produces, of 32-byte hashes.
 */
export function verifyConsistencyProof(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): ProofCheck {
  if (!isIndex(size1) || !isIndex(size2)) return fail("sizes must be non-negative safe integers");
  if (size1 === 0) return fail("a consistency proof from the empty tree proves nothing");
  if (size2 < size1) return fail(`size2 ${size2} is smaller than size1 ${size1}`);
  if (size1 === size2) {
    if (proof.length !== 0) return fail("equal sizes need an empty proof");
    return bytesEqual(root1, root2) ? { ok: true } : fail("equal sizes but different roots");
  }
  if (proof.length === 0) return fail("an empty proof cannot link different sizes");
  const expected = consistencyProofLength(size1, size2);
  if (proof.length !== expected) return fail(`the proof has ${proof.length} hashes, expected ${expected}`);
  if (proof.some((p) => p.length !== HASH_SIZE)) return fail("a proof hash is not 32 bytes");

  // RFC 9162 §2.1.4.2. When size1 is a power of two the old root is itself a node of the new tree and
  // PROOF leaves it out, so the verifier puts it back in front.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return fail("the proof is longer than the path");
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return fail("the proof is shorter than the path");
  if (!bytesEqual(fr, root1)) return fail("the proof does not lead to root1");
  if (!bytesEqual(sr, root2)) return fail("the proof does not lead to root2");
  return { ok: true };
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
