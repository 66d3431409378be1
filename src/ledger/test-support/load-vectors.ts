import { readFileSync } from "node:fs";

/**
 * The RFC 6962 conformance vectors, a copy kept in the repository (test/fixtures/README.md says where it comes
 * from), so the ledger's tests need nothing beside the clone.
 */
const MERKLE_VECTORS = new URL("../../../test/fixtures/merkle-rfc6962.json", import.meta.url);

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
  return JSON.parse(readFileSync(MERKLE_VECTORS, "utf8")) as MerkleVectors;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
