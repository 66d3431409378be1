import { VouchError } from "../../shared/errors.js";
import { isIndex } from "./decompose-tree.js";
import { assemblePlan, planInclusionProof } from "./plan-proof.js";
import type { TreeNodeReader } from "./tree-node-store.js";

/**
 * The audit path proving leaf `index` is in the tree of `size` leaves (RFC 6962 §2.1.1), from stored
 * subtrees: one `getNodes` round trip of O(log n) keys, then O(log n) hashes for the one right-edge subtree
 * that is not perfect. `size` may be any size the log has reached, not only the current one.
 */
export async function buildInclusionProof(
  reader: TreeNodeReader,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  if (!isIndex(index) || !isIndex(size) || index >= size) {
    throw new VouchError("VALIDATION_FAILED", `leaf index ${index} is not inside a tree of size ${size}`, {
      index,
      size,
    });
  }
  const plan = planInclusionProof(index, size);
  return assemblePlan(plan, await reader.getNodes(plan.keys));
}
