import { isIndex } from "./decompose-tree.js";
import { emptyRoot, HASH_SIZE, hashChildren } from "./hash-nodes.js";
import { frontierKeys } from "./plan-proof.js";
import type { TreeNode, TreeNodeStore } from "./tree-node-store.js";

/** What an append writes and where the tree stands afterwards. */
export interface AppendPlan {
  /** New rows: each leaf (level 0) and every perfect subtree the append completes. */
  readonly nodes: readonly TreeNode[];
  /** The new tree size. */
  readonly size: number;
  /** The new root MTH(D[0:size]), computed on first read. */
  readonly root: Uint8Array;
  /** The frontier after the append, aligned with `frontierKeys(size)`. */
  readonly frontier: readonly Uint8Array[];
}

/**
 * Append leaf hashes to a tree of `size` leaves whose frontier (the hashes of `frontierKeys(size)`, in that
 * order) is given. Pure: it returns the rows to insert. Each leaf closes on average one subtree and at most
 * log2(size) of them, so an append costs O(log n) hashes and writes, never a rebuild.
 */
export function planAppend(
  size: number,
  frontier: readonly (Uint8Array | undefined)[],
  leafHashes: readonly Uint8Array[],
): AppendPlan {
  if (!isIndex(size)) throw new RangeError(`tree size ${size} is not a non-negative safe integer`);
  const keys = frontierKeys(size);
  if (frontier.length !== keys.length) {
    throw new Error(`frontier of a tree of ${size} has ${keys.length} nodes, got ${frontier.length}`);
  }
  const stack: { level: number; hash: Uint8Array }[] = keys.map((k, i) => {
    const hash = frontier[i];
    if (!hash || hash.length !== HASH_SIZE) throw new Error(`tree node ${k.level}:${k.index} is missing`);
    return { level: k.level, hash };
  });
  const nodes: TreeNode[] = [];
  let n = size;
  for (const leaf of leafHashes) {
    if (leaf.length !== HASH_SIZE) throw new Error("a leaf hash must be 32 bytes");
    nodes.push({ level: 0, index: n, hash: leaf });
    let cur = { level: 0, hash: leaf };
    // The subtree ending at leaf n with 2^level leaves is complete exactly when the frontier's last
    // subtree has the same level; merging it names the subtree ((n + 1) / 2^(level+1)) − 1 one level up.
    while (stack.length > 0 && stack[stack.length - 1]!.level === cur.level) {
      const left = stack.pop()!;
      const level = cur.level + 1;
      const hash = hashChildren(left.hash, cur.hash);
      nodes.push({ level, index: (n + 1) / 2 ** level - 1, hash });
      cur = { level, hash };
    }
    stack.push(cur);
    n++;
  }
  const after = stack.map((s) => s.hash);
  let root: Uint8Array | undefined;
  return {
    nodes,
    size: n,
    frontier: after,
    // Folding the frontier costs a hash per level; callers that append without reading the root (most
    // appends, between checkpoints) should not pay for it.
    get root() {
      root ??= foldFrontier(after);
      return root;
    },
  };
}

function foldFrontier(frontier: readonly Uint8Array[]): Uint8Array {
  let root: Uint8Array | undefined;
  for (let i = frontier.length - 1; i >= 0; i--) {
    root = root === undefined ? frontier[i]! : hashChildren(frontier[i]!, root);
  }
  return root ?? emptyRoot();
}

/**
 * Append leaves through a store: read the frontier (one `getNodes` call), plan, write the rows.
 * The caller holds the per-tenant lock and passes the size it read under that lock.
 */
export async function appendLeaves(
  store: TreeNodeStore,
  size: number,
  leafHashes: readonly Uint8Array[],
): Promise<AppendPlan> {
  const frontier = await store.getNodes(frontierKeys(size));
  const plan = planAppend(size, frontier, leafHashes);
  await store.putNodes(plan.nodes);
  return plan;
}
