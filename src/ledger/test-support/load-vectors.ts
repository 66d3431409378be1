import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The published conformance vectors live outside the repository (../shared/vectors from the repo root) and
 * are read in place, never copied in, so the tests always run against the published file.
 * VOUCH_VECTORS_DIR (or VOUCH_SHARED_DIR, the folder holding vectors/) overrides the location.
 */
export function vectorsDir(): string {
  const override = process.env.VOUCH_VECTORS_DIR;
  if (override) return resolve(override);
  if (process.env.VOUCH_SHARED_DIR) return resolve(process.env.VOUCH_SHARED_DIR, "vectors");
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above the test file; set VOUCH_VECTORS_DIR");
    dir = parent;
  }
  return resolve(dir, "..", "shared", "vectors");
}

export interface InclusionProbe {
  source: string;
  desc: string;
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
}

export interface ConsistencyProbe {
  source: string;
  desc: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
}

export interface HasherCase {
  desc: string;
  op: "SHA-256(empty)" | "HashLeaf" | "HashChildren";
  input_hex?: string;
  input_ascii?: string;
  left_ascii?: string;
  right_ascii?: string;
  want: string;
}

export interface MerkleVectors {
  hasher_vectors: { cases: HasherCase[] };
  reference_tree: {
    leaf_inputs_hex: string[];
    leaf_hashes: string[];
    node_hashes_by_level: Record<string, string[]>;
    roots_by_tree_size: Record<string, string>;
  };
  published_inclusion_probes: { cases: InclusionProbe[] };
  published_consistency_probes: { cases: ConsistencyProbe[] };
  signed_note_vector: {
    verifier_key: string;
    verifier_key_parts: { name: string; key_id_hex: string };
    text: string;
    signed_note: string;
  };
  checkpoint_format_example: { example: string };
  verifier_rules_implied_by_probes: { rules: string[] };
}

/** Parse merkle-rfc6962.json. Indices above 2^53 (one probe uses 2^64 − 1) parse as unsafe numbers. */
export function loadMerkleVectors(): MerkleVectors {
  return JSON.parse(readFileSync(join(vectorsDir(), "merkle-rfc6962.json"), "utf8")) as MerkleVectors;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
