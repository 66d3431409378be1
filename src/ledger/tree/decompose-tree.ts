/**
 * Index arithmetic for RFC 6962 trees, with no hashing. Sizes and indices are JavaScript numbers and must be
 * safe integers (< 2^53): a per-tenant log will not reach that, and bigint would slow every hot loop.
 *
 * A node key (level, index) names the perfect subtree of 2^level leaves starting at leaf index·2^level.
 * Once the tree has grown past its last leaf, that subtree never changes, which is what makes storing it
 * (and only it) enough to answer every proof for every tree size.
 */

/** A perfect subtree: 2^level leaves starting at leaf `index · 2^level`. Level 0 is a leaf. */
export interface NodeKey {
  readonly level: number;
  readonly index: number;
}

/** A half-open range of leaves [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** Largest power of two strictly smaller than n (n ≥ 2): the RFC 6962 split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when n is a non-negative safe integer: the only sizes and indices the ledger accepts. */
export function isIndex(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/**
 * The perfect subtrees that make up a range produced by the RFC 6962 split rule, largest (leftmost) first.
 * Such a range [a, b) always starts at a multiple of the largest power of two ≤ b − a, so its parts are the
 * binary digits of b − a from the top; MTH of the range is the right fold H(p1, H(p2, … H(pk-1, pk))).
 * Throws on a range the split rule cannot produce, because folding its parts would not give its MTH.
 */
export function decomposeRange(range: LeafRange): NodeKey[] {
  const keys: NodeKey[] = [];
  let start = range.start;
  while (start < range.end) {
    let width = 1;
    let level = 0;
    while (width * 2 <= range.end - start) {
      width *= 2;
      level++;
    }
    if (start % width !== 0)
      throw new Error(`range [${range.start}, ${range.end}) is not an RFC 6962 subtree`);
    keys.push({ level, index: start / width });
    start += width;
  }
  return keys;
}

/** Keys of the subtrees whose hashes, folded right, give the root of a tree of `size` leaves. */
export function rootKeys(size: number): NodeKey[] {
  return decomposeRange({ start: 0, end: size });
}

/**
 * The audit path of RFC 6962 §2.1.1 PATH(index, D[0:size]) as leaf ranges, bottom (the leaf's sibling) first.
 * Caller guarantees 0 ≤ index < size.
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  const topDown: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      topDown.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      topDown.push({ start: lo, end: lo + k });
      lo += k;
    }
  }
  return topDown.reverse();
}

/**
 * The consistency proof of RFC 6962 §2.1.2 PROOF(size1, D[0:size2]) as leaf ranges, in proof order.
 * Caller guarantees 0 < size1 ≤ size2; equal sizes give the empty proof.
 */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  if (size1 === size2) return [];
  const topDown: LeafRange[] = [];
  let lo = 0;
  let hi = size2;
  // SUBPROOF's flag b: true while the old tree is still a left prefix of the current subtree, in which case
  // the verifier already knows that subtree's hash (it is the old root) and it is left out.
  let knownToVerifier = true;
  while (size1 !== hi) {
    const k = splitPoint(hi - lo);
    if (size1 <= lo + k) {
      topDown.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      topDown.push({ start: lo, end: lo + k });
      lo += k;
      knownToVerifier = false;
    }
  }
  const proof = knownToVerifier ? [] : [{ start: lo, end: hi }];
  for (let i = topDown.length - 1; i >= 0; i--) proof.push(topDown[i]!);
  return proof;
}

/** Number of hashes in a valid inclusion proof for (index, size); −1 when the pair is out of range. */
export function inclusionProofLength(index: number, size: number): number {
  if (!isIndex(index) || !isIndex(size) || index >= size) return -1;
  let count = 0;
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) hi = lo + k;
    else lo += k;
    count++;
  }
  return count;
}

/** Number of hashes in a valid consistency proof between sizes; −1 when the pair is invalid. */
export function consistencyProofLength(size1: number, size2: number): number {
  if (!isIndex(size1) || !isIndex(size2) || size1 === 0 || size1 > size2) return -1;
  return consistencyRanges(size1, size2).length;
}

/** A stable string for a node key, for maps. */
export function nodeKeyId(key: NodeKey): string {
  return `${key.level}:${key.index}`;
}

/**
 * The index of the last leaf under a node: (index + 1) · 2^level − 1. Every subtree an append completes
 * ends at one of the leaves it appends, which is why stored nodes are keyed by it (ledger_nodes).
 */
export function lastLeafOf(key: NodeKey): number {
  return (key.index + 1) * 2 ** key.level - 1;
}
