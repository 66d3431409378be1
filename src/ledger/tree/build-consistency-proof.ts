import { VouchError } from "../../shared/errors.js";
import { isIndex } from "./decompose-tree.js";
import { assemblePlan, planConsistencyProof } from "./plan-proof.js";
import type { TreeNodeReader } from "./tree-node-store.js";

/**
 * The consistency proof that the tree of `size1` leaves is a prefix of the tree of `size2` leaves
 * (RFC 6962 §2.1.2), from stored subtrees in one `getNodes` round trip. A proof from the empty tree is
 * refused: it proves nothing (RFC 9162 §2.1.4), and verifiers reject it.
 */
export async function buildConsistencyProof(
  reader: TreeNodeReader,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  if (!isIndex(size1) || !isIndex(size2) || size1 === 0 || size1 > size2) {
    throw new VouchError("VALIDATION_FAILED", `no consistency proof from size ${size1} to size ${size2}`, {
      size1,
      size2,
    });
  }
  const plan = planConsistencyProof(size1, size2);
  return assemblePlan(plan, await reader.getNodes(plan.keys));
}
