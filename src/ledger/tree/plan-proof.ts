import {
  consistencyRanges,
  decomposeRange,
  inclusionRanges,
  type LeafRange,
  type NodeKey,
  nodeKeyId,
  rootKeys,
} from "./decompose-tree.js";
import { emptyRoot, HASH_SIZE, hashChildren } from "./hash-nodes.js";

/**
 * Proofs as data before they are hashes: which stored subtrees a proof needs and how to combine them.
 * Planning is pure index arithmetic, so the database layer can fetch every node of a proof in one query
 * (`keys`), and the same code serves SQLite, PostgreSQL and memory.
 */
interface ProofPlan {
  /** Each distinct stored subtree needed, in a stable order. At most about 2·log2(size) keys. */
  readonly keys: readonly NodeKey[];
  /**
   * One element per output hash, in output order: the positions in `keys` of the perfect parts whose
   * right fold H(p1, H(p2, …)) is that hash. A single position is a perfect subtree used as is.
   */
  readonly parts: readonly (readonly number[])[];
}

/** Plan of the audit path PATH(index, D[0:size]). Caller validates 0 ≤ index < size. */
export function planInclusionProof(index: number, size: number): ProofPlan {
  return planRanges(inclusionRanges(index, size));
}

/** Plan of the consistency proof PROOF(size1, D[0:size2]). Caller validates 0 < size1 ≤ size2. */
export function planConsistencyProof(size1: number, size2: number): ProofPlan {
  return planRanges(consistencyRanges(size1, size2));
}

/** Plan of the root MTH(D[0:size]): one output hash (none for the empty tree). */
export function planRoot(size: number): ProofPlan {
  return size === 0 ? { keys: [], parts: [] } : planRanges([{ start: 0, end: size }]);
}

/**
 * The keys grouped by level, for a query of the form
 * `WHERE tenant_id = ? AND ((level = ? AND idx IN (…)) OR (level = ? AND idx IN (…)) …)`.
 */
export function groupKeysByLevel(keys: readonly NodeKey[]): { level: number; indices: number[] }[] {
  const byLevel = new Map<number, number[]>();
  for (const k of keys) {
    const list = byLevel.get(k.level);
    if (list) list.push(k.index);
    else byLevel.set(k.level, [k.index]);
  }
  return [...byLevel.entries()].sort((a, b) => a[0] - b[0]).map(([level, indices]) => ({ level, indices }));
}

/**
 * Turn a plan and the fetched node hashes (aligned with `plan.keys`) into the output hashes.
 * Throws when a node is missing or malformed: the store lost a row, which no proof can paper over.
 */
export function assemblePlan(plan: ProofPlan, nodes: readonly (Uint8Array | undefined)[]): Uint8Array[] {
  return plan.parts.map((positions) => {
    let acc: Uint8Array | undefined;
    for (let i = positions.length - 1; i >= 0; i--) {
      const pos = positions[i]!;
      const node = nodes[pos];
      if (!node || node.length !== HASH_SIZE) {
        const key = plan.keys[pos];
        throw new Error(`tree node ${key ? nodeKeyId(key) : pos} is missing from the store`);
      }
      acc = acc === undefined ? node : hashChildren(node, acc);
    }
    return acc ?? emptyRoot();
  });
}

function planRanges(ranges: readonly LeafRange[]): ProofPlan {
  const keys: NodeKey[] = [];
  const positionById = new Map<string, number>();
  const parts = ranges.map((range) =>
    decomposeRange(range).map((key) => {
      const id = nodeKeyId(key);
      let pos = positionById.get(id);
      if (pos === undefined) {
        pos = keys.length;
        keys.push(key);
        positionById.set(id, pos);
      }
      return pos;
    }),
  );
  return { keys, parts };
}

/** Keys of the frontier: the perfect subtrees covering [0, size), which an append needs to read. */
export function frontierKeys(size: number): NodeKey[] {
  return rootKeys(size);
}
