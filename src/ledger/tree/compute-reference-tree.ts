import { consistencyRanges, inclusionRanges, isIndex, type LeafRange, splitPoint } from "./decompose-tree.js";
import { emptyRoot, hashChildren } from "./hash-nodes.js";

/**
 * RFC 6962 §2.1 computed directly from an array of leaf hashes: MTH, PATH and PROOF as the RFC writes them.
 * O(n) per call, so it is the reference the stored-subtree code is tested against and the tool for small
 * in-memory trees, never the way a large log answers a proof.
 */

/** MTH(D[0:n]) of RFC 6962 §2.1, from leaf hashes (not entries). */
export function computeRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
  return rangeHash(leafHashes, { start: 0, end: leafHashes.length });
}

/** PATH(index, D[0:n]) of RFC 6962 §2.1.1: the audit path, leaf sibling first. */
export function computeInclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!isIndex(index) || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length}`);
  }
  return inclusionRanges(index, leafHashes.length).map((r) => rangeHash(leafHashes, r));
}

/** PROOF(size1, D[0:n]) of RFC 6962 §2.1.2: proves the first size1 leaves are a prefix of all n. */
export function computeConsistencyProof(leafHashes: readonly Uint8Array[], size1: number): Uint8Array[] {
  if (!isIndex(size1) || size1 === 0 || size1 > leafHashes.length) {
    throw new RangeError(`old size ${size1} is not in 1..${leafHashes.length}`);
  }
  return consistencyRanges(size1, leafHashes.length).map((r) => rangeHash(leafHashes, r));
}

function rangeHash(leaves: readonly Uint8Array[], range: LeafRange): Uint8Array {
  const n = range.end - range.start;
  if (n === 1) return leaves[range.start]!;
  const k = splitPoint(n);
  return hashChildren(
    rangeHash(leaves, { start: range.start, end: range.start + k }),
    rangeHash(leaves, { start: range.start + k, end: range.end }),
  );
}
