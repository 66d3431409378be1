/**
 * Stable codes of what the offline verifier can find. An `input` problem means the files given are not a
 * readable export (CLI exit 2); an `integrity` problem means the ledger does not verify: something was
 * changed, removed, reordered, inserted, forked or left unsigned (CLI exit 1). A `warning` does not fail
 * verification. docs/ledger.md lists them all (a test keeps it so).
 */
export const PROBLEM_CODES = {
  NO_TRUSTED_KEYS: {
    kind: "input",
    description: "No public key was given to verify checkpoint signatures with.",
  },
  SOURCE_UNREADABLE: { kind: "input", description: "An export or checkpoint file could not be read." },
  HEADER_INVALID: { kind: "input", description: "The first line is not a Vouch ledger export header." },
  FORMAT_UNSUPPORTED: {
    kind: "input",
    description:
      "The export declares a format version, hash algorithm or entry encoding this verifier does not know.",
  },
  SOURCES_DISAGREE: {
    kind: "input",
    description: "The exports and checkpoints given together are of different logs (origin or tenant).",
  },
  LINE_MALFORMED: {
    kind: "integrity",
    description:
      "A line is not valid UTF-8 JSON, lacks a field, has an unknown kind, or an entry line is not in its exact form.",
  },
  LINE_OUT_OF_ORDER: {
    kind: "integrity",
    description:
      "A line is in the wrong section (a checkpoint after entries, anything after the end line) or checkpoints are not in ascending size.",
  },
  ENTRY_SEQ_MISMATCH: {
    kind: "integrity",
    description:
      "An entry's sequence number is not the next one: an entry was deleted, inserted, duplicated or moved.",
  },
  ENTRY_INVALID: {
    kind: "integrity",
    description: "An entry is not a valid, canonical (RFC 8785) version-1 entry.",
  },
  ENTRY_TENANT_MISMATCH: {
    kind: "integrity",
    description: "An entry belongs to another tenant than the export's.",
  },
  CHECKPOINT_MALFORMED: {
    kind: "integrity",
    description: "A checkpoint is not a well-formed signed note or tlog checkpoint.",
  },
  CHECKPOINT_ORIGIN_MISMATCH: {
    kind: "integrity",
    description: "A checkpoint names another log (origin) than the export.",
  },
  SIGNATURE_INVALID: {
    kind: "integrity",
    description: "A checkpoint signature by a trusted key does not verify.",
  },
  KEY_UNKNOWN: {
    kind: "integrity",
    description: "A checkpoint carries no signature by any of the trusted keys.",
  },
  ROOT_MISMATCH: {
    kind: "integrity",
    description:
      "The root recomputed from the entries differs from the export's signed checkpoint at that size: an entry before it was changed, removed, inserted or reordered.",
  },
  CHECKPOINT_FORK: {
    kind: "integrity",
    description:
      "Two validly signed checkpoints describe different logs (the same size with different roots, or a checkpoint that does not match another export's signed entries): the log was forked.",
  },
  CONSISTENCY_PROOF_INVALID: {
    kind: "integrity",
    description: "A consistency proof between two of the export's checkpoints does not verify.",
  },
  CHECKPOINT_MISSING: {
    kind: "integrity",
    description: "No signed checkpoint covers the export's final size, so its last entries are not signed.",
  },
  EXPORT_TRUNCATED: {
    kind: "integrity",
    description:
      "The export has fewer entries than its header, its end line or its checkpoints say, or no end line.",
  },
  EXTRA_ENTRIES: {
    kind: "integrity",
    description: "The export has more entries than its header or its end line say.",
  },
  BUNDLE_INVALID: {
    kind: "input",
    description: "The file is not a Vouch inclusion or consistency proof (wrong format, version or fields).",
  },
  PROOF_INVALID: {
    kind: "integrity",
    description:
      "An inclusion or consistency proof does not lead from the entry or old checkpoint to the signed root.",
  },
  CHECKPOINT_NOT_COVERED: {
    kind: "warning",
    description:
      "A checkpoint given on its own is for a size beyond every export; its signature was checked but not its root.",
  },
} as const satisfies Record<string, { kind: "input" | "integrity" | "warning"; description: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** One finding, located as precisely as possible. */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  /** Which export or checkpoint file. */
  readonly source?: string;
  /** 1-based line in that file. */
  readonly line?: number;
  /** Entry sequence number concerned. */
  readonly seq?: number;
  /** Tree size concerned (of a checkpoint). */
  readonly treeSize?: number;
}
