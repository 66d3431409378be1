import type { NodeKey } from "./decompose-tree.js";
import { HASH_SIZE } from "./hash-nodes.js";
import type { TreeNode, TreeNodeStore } from "./tree-node-store.js";

/**
 * TreeNodeStore in memory, for tests, benchmarks and tools. One growable slab of 32-byte hashes per level
 * rather than a Map of small buffers: a million-leaf tree then costs ~64 MB instead of several hundred.
 */
export class MemoryTreeStore implements TreeNodeStore {
  private readonly levels: { slab: Uint8Array; count: number }[] = [];

  async getNodes(keys: readonly NodeKey[]): Promise<readonly (Uint8Array | undefined)[]> {
    return keys.map((k) => this.getNodeSync(k));
  }

  async putNodes(nodes: readonly TreeNode[]): Promise<void> {
    this.putNodesSync(nodes);
  }

  /** Synchronous read, for hot loops in benchmarks. Returns a copy. */
  getNodeSync(key: NodeKey): Uint8Array | undefined {
    const level = this.levels[key.level];
    if (!level || key.index >= level.count) return undefined;
    const at = key.index * HASH_SIZE;
    return level.slab.slice(at, at + HASH_SIZE);
  }

  /** Synchronous write. Nodes of a level arrive in index order, as appends produce them. */
  putNodesSync(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      while (this.levels.length <= node.level)
        this.levels.push({ slab: new Uint8Array(1024 * HASH_SIZE), count: 0 });
      const level = this.levels[node.level]!;
      if (node.index !== level.count) {
        throw new Error(
          `node ${node.level}:${node.index} written out of order (expected index ${level.count})`,
        );
      }
      if ((level.count + 1) * HASH_SIZE > level.slab.length) {
        const grown = new Uint8Array(level.slab.length * 2);
        grown.set(level.slab);
        level.slab = grown;
      }
      level.slab.set(node.hash, level.count * HASH_SIZE);
      level.count++;
    }
  }

  /** Number of stored rows, for tests and storage estimates. */
  get nodeCount(): number {
    return this.levels.reduce((sum, l) => sum + l.count, 0);
  }
}
