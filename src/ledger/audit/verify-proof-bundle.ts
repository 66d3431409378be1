import { decodeBase64Strict, type VerifierKey } from "../checkpoints/manage-signing-keys.js";
import { openCheckpoint } from "../checkpoints/open-checkpoint.js";
import { parseEntry } from "../entries/entry-schema.js";
import { isIndex } from "../tree/decompose-tree.js";
import { hashLeafText } from "../tree/hash-nodes.js";
import { verifyConsistencyProof } from "../tree/verify-consistency-proof.js";
import { verifyInclusionProof } from "../tree/verify-inclusion-proof.js";
import type { Problem, ProblemCode } from "./problem-codes.js";
import {
  CONSISTENCY_PROOF_FORMAT,
  type ConsistencyProofBundle,
  INCLUSION_PROOF_FORMAT,
  type InclusionProofBundle,
} from "./prove-entry.js";

/** Result of checking a proof bundle. */
export interface ProofBundleReport {
  readonly ok: boolean;
  readonly kind?: "inclusion" | "consistency";
  readonly origin?: string;
  /** The entry's seq (inclusion) */
  readonly seq?: number;
  readonly treeSize?: number;
  readonly size1?: number;
  readonly problem?: Problem;
}

/** Whether a parsed JSON value looks like a proof bundle (by its `format`), to route a file to the right check. */
function isProofBundle(value: unknown): boolean {
  const format = (value as { format?: unknown } | null)?.format;
  return format === INCLUSION_PROOF_FORMAT || format === CONSISTENCY_PROOF_FORMAT;
}

/**
 * Check an inclusion or consistency proof bundle offline: the checkpoints' signatures against trusted keys,
 * then the proof against the signed roots (and, for inclusion, that the entry is a canonical v1 entry whose
 * leaf the proof starts from). Never throws.
 */
export function verifyProofBundle(bundle: unknown, keys: readonly VerifierKey[]): ProofBundleReport {
  const fail = (
    code: ProblemCode,
    message: string,
    extra: Partial<ProofBundleReport> = {},
  ): ProofBundleReport => ({
    ok: false,
    ...extra,
    problem: { code, message },
  });
  if (keys.length === 0) return fail("NO_TRUSTED_KEYS", "give at least one public key (vkey)");
  const b = bundle as Record<string, unknown> | null;
  if (typeof b !== "object" || b === null || b.version !== 1 || !isProofBundle(b)) {
    return fail(
      "BUNDLE_INVALID",
      `not a ${INCLUSION_PROOF_FORMAT} or ${CONSISTENCY_PROOF_FORMAT} version 1 document`,
    );
  }
  const proof = Array.isArray(b.proof)
    ? b.proof.map((p) => (typeof p === "string" ? decodeBase64Strict(p) : undefined))
    : [];
  if (!Array.isArray(b.proof) || proof.some((p) => p === undefined))
    return fail("BUNDLE_INVALID", "the proof must be base64 hashes");
  const hashes = proof as Uint8Array[];

  const open = (note: unknown) => {
    if (typeof note !== "string") return fail("BUNDLE_INVALID", "a checkpoint must be a signed note string");
    const opened = openCheckpoint(note, keys);
    if (!opened.ok)
      return fail(
        opened.failure === "NOTE_MALFORMED" ? "CHECKPOINT_MALFORMED" : opened.failure,
        opened.reason,
      );
    if (typeof b.origin === "string" && opened.checkpoint.origin !== b.origin) {
      return fail(
        "CHECKPOINT_ORIGIN_MISMATCH",
        `the checkpoint is for ${opened.checkpoint.origin}, not ${b.origin}`,
      );
    }
    return opened.checkpoint;
  };

  if (b.format === INCLUSION_PROOF_FORMAT) {
    const p = b as unknown as InclusionProofBundle;
    if (!isIndex(p.seq) || !isIndex(p.treeSize) || typeof p.entry !== "string") {
      return fail("BUNDLE_INVALID", "an inclusion proof needs seq, treeSize and entry");
    }
    const cp = open(p.checkpoint);
    if ("ok" in cp) return { ...cp, kind: "inclusion" };
    const base = { kind: "inclusion" as const, origin: cp.origin, seq: p.seq, treeSize: cp.size };
    if (cp.size !== p.treeSize)
      return fail("BUNDLE_INVALID", `treeSize ${p.treeSize} but the checkpoint is of size ${cp.size}`, base);
    const parsed = parseEntry(p.entry);
    if (!parsed.ok) return fail("ENTRY_INVALID", parsed.reason, base);
    const check = verifyInclusionProof(p.seq, cp.size, hashLeafText(p.entry), hashes, cp.root);
    if (!check.ok) return fail("PROOF_INVALID", check.reason, base);
    return { ok: true, ...base };
  }

  const p = b as unknown as ConsistencyProofBundle;
  const cp1 = open(p.checkpoint1);
  if ("ok" in cp1) return { ...cp1, kind: "consistency" };
  const cp2 = open(p.checkpoint2);
  if ("ok" in cp2) return { ...cp2, kind: "consistency" };
  const base = { kind: "consistency" as const, origin: cp2.origin, size1: cp1.size, treeSize: cp2.size };
  if (cp1.origin !== cp2.origin)
    return fail("CHECKPOINT_ORIGIN_MISMATCH", "the two checkpoints are of different logs", base);
  if (p.size1 !== cp1.size || p.size2 !== cp2.size)
    return fail("BUNDLE_INVALID", "the sizes do not match the checkpoints", base);
  const check = verifyConsistencyProof(cp1.size, cp2.size, hashes, cp1.root, cp2.root);
  if (!check.ok) return fail("PROOF_INVALID", check.reason, base);
  return { ok: true, ...base };
}
