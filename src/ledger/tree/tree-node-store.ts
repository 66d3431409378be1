import type { NodeKey } from "./decompose-tree.js";

/**
 * The storage the ledger core needs for its tree, declared here so the core stays free of any database.
 *
 * Layout: one row per complete perfect subtree, keyed (tenant, level, index), holding its 32-byte hash.
 * Level 0 rows are the leaf hashes. A row is written once, when the append that completes the subtree
 * happens, and never changes afterwards. A log of n entries has fewer than 2n rows.
 */

/** A stored perfect subtree hash. */
export interface TreeNode extends NodeKey {
  readonly hash: Uint8Array;
}

/** Read side: what proof building and appending need. */
export interface TreeNodeReader {
  /**
   * The hashes of the given perfect subtrees, in the order of `keys` (undefined for a missing row). Called
   * with every key a proof needs at once, so a SQL implementation answers it in one query.
   */
  getNodes(keys: readonly NodeKey[]): Promise<readonly (Uint8Array | undefined)[]>;
}

/** Read and write side. Writes happen inside the caller's transaction, serialised per tenant. */
export interface TreeNodeStore extends TreeNodeReader {
  /** Insert new subtree rows. Keys are always new; an existing key means a lost serialisation. */
  putNodes(nodes: readonly TreeNode[]): Promise<void>;
}
