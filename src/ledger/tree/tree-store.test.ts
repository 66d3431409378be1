import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../test-support/load-vectors.js";
import { TreeAccumulator } from "./accumulate-tree.js";
import { appendLeaves, planAppend } from "./append-leaves.js";
import { buildConsistencyProof } from "./build-consistency-proof.js";
import { buildInclusionProof } from "./build-inclusion-proof.js";
import { computeConsistencyProof, computeInclusionProof, computeRoot } from "./compute-reference-tree.js";
import { computeTreeRoot } from "./compute-tree-root.js";
import { hashLeaf } from "./hash-nodes.js";
import { MemoryTreeStore } from "./memory-tree-store.js";
import { groupKeysByLevel, planConsistencyProof, planInclusionProof } from "./plan-proof.js";
import { verifyConsistencyProof } from "./verify-consistency-proof.js";
import { verifyInclusionProof } from "./verify-inclusion-proof.js";

const leaf = (i: number): Uint8Array => hashLeaf(new TextEncoder().encode(`entry ${i}`));

async function buildTree(n: number): Promise<{ store: MemoryTreeStore; leaves: Uint8Array[] }> {
  const store = new MemoryTreeStore();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    leaves.push(leaf(i));
    await appendLeaves(store, i, [leaves[i]!]);
  }
  return { store, leaves };
}

const hexes = (xs: readonly Uint8Array[]) => xs.map(toHex);

describe("appending to a node store", () => {
  it("writes each leaf and every subtree it completes, fewer than 2n rows", async () => {
    const { store } = await buildTree(13);
    // 13 leaves + 6 at level 1 + 3 at level 2 + 1 at level 3
    expect(store.nodeCount).toBe(13 + 6 + 3 + 1);
  });

  it("gives the reference root after every append, one leaf or a batch at a time", async () => {
    const { leaves } = await buildTree(0);
    const store = new MemoryTreeStore();
    let size = 0;
    for (const batch of [1, 3, 1, 7, 16, 2]) {
      const add = Array.from({ length: batch }, (_, j) => leaf(size + j));
      leaves.push(...add);
      const plan = await appendLeaves(store, size, add);
      size = plan.size;
      expect(toHex(plan.root)).toBe(toHex(computeRoot(leaves)));
      expect(toHex(await computeTreeRoot(store, size))).toBe(toHex(computeRoot(leaves)));
    }
  });

  it("refuses a frontier that does not match the size", () => {
    expect(() => planAppend(3, [leaf(0)], [leaf(3)])).toThrow(/frontier/);
    expect(() => planAppend(1, [undefined], [leaf(1)])).toThrow(/missing/);
  });

  it("the memory store refuses a node written out of order (a lost serialisation)", async () => {
    const store = new MemoryTreeStore();
    await expect(store.putNodes([{ level: 0, index: 1, hash: leaf(1) }])).rejects.toThrow(/out of order/);
  });
});

describe("proofs from stored subtrees equal the RFC reference, for every size up to 40", async () => {
  const { store, leaves } = await buildTree(40);
  it("inclusion and consistency, all (index, size) and (size1, size2) pairs", async () => {
    for (let n = 1; n <= 40; n++) {
      const prefix = leaves.slice(0, n);
      const root = computeRoot(prefix);
      expect(toHex(await computeTreeRoot(store, n))).toBe(toHex(root));
      for (let i = 0; i < n; i++) {
        const proof = await buildInclusionProof(store, i, n);
        expect(hexes(proof)).toEqual(hexes(computeInclusionProof(prefix, i)));
      }
      for (let m = 1; m <= n; m++) {
        const proof = await buildConsistencyProof(store, m, n);
        expect(hexes(proof)).toEqual(hexes(computeConsistencyProof(prefix, m)));
      }
    }
  });

  it("a plan needs O(log n) keys", () => {
    for (const n of [1, 7, 1000, 1_000_000, 2 ** 40 + 12345]) {
      const bound = 2 * Math.ceil(Math.log2(n + 1)) + 1;
      expect(planInclusionProof(n - 1, n).keys.length).toBeLessThanOrEqual(bound);
      expect(planInclusionProof(0, n).keys.length).toBeLessThanOrEqual(bound);
      if (n > 1)
        expect(planConsistencyProof(Math.floor(n / 3) + 1, n).keys.length).toBeLessThanOrEqual(bound);
    }
  });

  it("groups keys by level for a single query", () => {
    const plan = planInclusionProof(5, 13);
    const groups = groupKeysByLevel(plan.keys);
    expect(groups.flatMap((g) => g.indices).length).toBe(plan.keys.length);
    expect(groups.map((g) => g.level)).toEqual([...groups.map((g) => g.level)].sort((a, b) => a - b));
  });

  it("rejects impossible requests with a validation error", async () => {
    await expect(buildInclusionProof(store, 5, 5)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(buildConsistencyProof(store, 0, 5)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(buildConsistencyProof(store, 6, 5)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("reports a node missing from the store instead of a wrong proof", async () => {
    await expect(buildInclusionProof(store, 3, 41)).rejects.toThrow(/missing/);
  });
});

describe("streaming accumulator", () => {
  it("matches the reference root at every size, from text, bytes or leaf hashes", () => {
    const a = new TreeAccumulator();
    const b = new TreeAccumulator();
    const c = new TreeAccumulator();
    const leaves: Uint8Array[] = [];
    expect(toHex(a.root())).toBe(toHex(computeRoot([])));
    for (let i = 0; i < 70; i++) {
      const text = `entry ${i} é ✓`;
      leaves.push(hashLeaf(new TextEncoder().encode(text)));
      a.appendEntryText(text);
      b.appendEntryBytes(new TextEncoder().encode(text));
      c.appendLeafHash(leaves[i]!);
      const want = toHex(computeRoot(leaves));
      expect([toHex(a.root()), toHex(b.root()), toHex(c.root())]).toEqual([want, want, want]);
    }
    expect(a.size).toBe(70);
  });
});

describe("properties", () => {
  const sizes = fc.integer({ min: 1, max: 300 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      m: fc.integer({ min: 1, max: n }),
      index: fc.integer({ min: 0, max: n - 1 }),
      flip: fc.nat(),
    }),
  );

  it("generated proofs verify; any flipped bit, dropped or added hash, or shifted index fails", async () => {
    const { store, leaves } = await buildTree(300);
    await fc.assert(
      fc.asyncProperty(sizes, async ({ n, m, index, flip }) => {
        const root = await computeTreeRoot(store, n);
        const rootM = await computeTreeRoot(store, m);
        const incl = await buildInclusionProof(store, index, n);
        const cons = await buildConsistencyProof(store, m, n);
        expect(verifyInclusionProof(index, n, leaves[index]!, incl, root).ok).toBe(true);
        expect(verifyConsistencyProof(m, n, cons, rootM, root).ok).toBe(true);

        if (incl.length > 0) {
          const mutated = incl.map((h) => Uint8Array.from(h));
          const at = flip % mutated.length;
          mutated[at]![flip % 32]! ^= 1 << (flip % 8);
          expect(verifyInclusionProof(index, n, leaves[index]!, mutated, root).ok).toBe(false);
          expect(verifyInclusionProof(index, n, leaves[index]!, incl.slice(1), root).ok).toBe(false);
        }
        expect(verifyInclusionProof(index, n, leaves[index]!, [...incl, root], root).ok).toBe(false);
        if (n > 1) {
          expect(verifyInclusionProof((index + 1) % n, n, leaves[index]!, incl, root).ok).toBe(false);
        }
        if (cons.length > 0) {
          const mutated = cons.map((h) => Uint8Array.from(h));
          mutated[flip % mutated.length]![flip % 32]! ^= 1 << (flip % 8);
          expect(verifyConsistencyProof(m, n, mutated, rootM, root).ok).toBe(false);
          expect(verifyConsistencyProof(m, n, cons.slice(0, -1), rootM, root).ok).toBe(false);
          expect(verifyConsistencyProof(m, n, [...cons, root], rootM, root).ok).toBe(false);
          expect(verifyConsistencyProof(m, n, cons, root, rootM).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
