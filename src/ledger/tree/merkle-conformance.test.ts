import { describe, expect, it } from "vitest";
import { hex, loadMerkleVectors, toHex } from "../test-support/load-vectors.js";
import { computeConsistencyProof, computeInclusionProof, computeRoot } from "./compute-reference-tree.js";
import { emptyRoot, hashChildren, hashLeaf, sha256 } from "./hash-nodes.js";
import { verifyConsistencyProof } from "./verify-consistency-proof.js";
import { verifyInclusionProof } from "./verify-inclusion-proof.js";

const vectors = loadMerkleVectors();
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("RFC 6962 hasher vectors", () => {
  for (const c of vectors.hasher_vectors.cases) {
    it(c.desc, () => {
      const got =
        c.op === "SHA-256(empty)"
          ? sha256(new Uint8Array(0))
          : c.op === "HashLeaf"
            ? hashLeaf(c.input_ascii !== undefined ? ascii(c.input_ascii) : hex(c.input_hex ?? ""))
            : hashChildren(ascii(c.left_ascii ?? ""), ascii(c.right_ascii ?? ""));
      expect(toHex(got)).toBe(c.want);
    });
  }
  it("the empty root constant is SHA-256 of nothing", () => {
    expect(toHex(emptyRoot())).toBe(toHex(sha256(new Uint8Array(0))));
  });
});

describe("reference tree", () => {
  const ref = vectors.reference_tree;
  const leafHashes = ref.leaf_inputs_hex.map((h) => hashLeaf(hex(h)));

  it("leaf hashes", () => {
    expect(leafHashes.map(toHex)).toEqual(ref.leaf_hashes);
  });

  for (let size = 0; size <= 8; size++) {
    it(`root of size ${size}`, () => {
      expect(toHex(computeRoot(leafHashes.slice(0, size)))).toBe(ref.roots_by_tree_size[String(size)]);
    });
  }

  it("node hashes by level are the perfect subtrees", () => {
    for (const [level, hashes] of Object.entries(ref.node_hashes_by_level)) {
      const width = 2 ** Number(level);
      hashes.forEach((h, i) => {
        expect(toHex(computeRoot(leafHashes.slice(i * width, (i + 1) * width)))).toBe(h);
      });
    }
  });

  it("every generated proof over the reference tree verifies", () => {
    for (let size = 1; size <= 8; size++) {
      const leaves = leafHashes.slice(0, size);
      const root = computeRoot(leaves);
      for (let i = 0; i < size; i++) {
        expect(verifyInclusionProof(i, size, leaves[i]!, computeInclusionProof(leaves, i), root)).toEqual({
          ok: true,
        });
      }
      for (let m = 1; m <= size; m++) {
        const proof = computeConsistencyProof(leaves, m);
        expect(verifyConsistencyProof(m, size, proof, computeRoot(leaves.slice(0, m)), root)).toEqual({
          ok: true,
        });
      }
    }
  });
});

describe("published inclusion probes", () => {
  const cases = vectors.published_inclusion_probes.cases;
  it("covers the whole published set", () => {
    expect(cases.length).toBe(98);
    expect(cases.filter((c) => !c.wantErr).length).toBe(6);
  });
  for (const c of cases) {
    it(`${c.source.split("testdata/")[1]} (${c.desc}) → ${c.wantErr ? "reject" : "accept"}`, () => {
      const result = verifyInclusionProof(
        c.leafIdx,
        c.treeSize,
        hex(c.leafHash),
        (c.proof ?? []).map(hex),
        hex(c.root),
      );
      expect(result.ok).toBe(!c.wantErr);
    });
  }
});

describe("published consistency probes", () => {
  const cases = vectors.published_consistency_probes.cases;
  it("covers the whole published set", () => {
    expect(cases.length).toBe(98);
    expect(cases.filter((c) => !c.wantErr).length).toBe(6);
  });
  for (const c of cases) {
    it(`${c.source.split("testdata/")[1]} (${c.desc}) → ${c.wantErr ? "reject" : "accept"}`, () => {
      const result = verifyConsistencyProof(
        c.size1,
        c.size2,
        (c.proof ?? []).map(hex),
        hex(c.root1),
        hex(c.root2),
      );
      expect(result.ok).toBe(!c.wantErr);
    });
  }
});
