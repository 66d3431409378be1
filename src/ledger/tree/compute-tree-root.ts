import { VouchError } from "../../shared/errors.js";
import { isIndex } from "./decompose-tree.js";
import { emptyRoot } from "./hash-nodes.js";
import { assemblePlan, planRoot } from "./plan-proof.js";
import type { TreeNodeReader } from "./tree-node-store.js";

/** MTH(D[0:size]) from stored subtrees: the O(log n) perfect parts of [0, size), folded. */
export async function computeTreeRoot(reader: TreeNodeReader, size: number): Promise<Uint8Array> {
  if (!isIndex(size)) throw new VouchError("VALIDATION_FAILED", `tree size ${size} is not valid`, { size });
  const plan = planRoot(size);
  const [root] = assemblePlan(plan, await reader.getNodes(plan.keys));
  return root ?? emptyRoot();
}
