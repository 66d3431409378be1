/**
 * The export format, version 1: JSON Lines (UTF-8, one JSON object per line, `\n` endings), in sections:
 *   1. one header line;
 *   2. signed checkpoints, ascending by tree size, the last one at the header's `treeSize`;
 *   3. optional consistency proofs between successive checkpoints;
 *   4. one line per entry, seq 0, 1, 2 … treeSize − 1, the entry's canonical JSON embedded verbatim;
 *   5. one end line.
 * Checkpoints come first so a verifier knows every size at which to compare a root before it streams the
 * entries, and can verify in one pass with O(log n) memory. docs/ledger.md is the full specification.
 */

export const EXPORT_FORMAT = "vouch-ledger-export";
export const EXPORT_VERSION = 1;

/** The header line. */
export interface ExportHeader {
  readonly kind: "header";
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  /** The log's origin, as on its checkpoints. */
  readonly origin: string;
  readonly tenant: string;
  /** Entries in the export; a checkpoint at this size is included. */
  readonly treeSize: number;
  /** Always `sha256`. */
  readonly hashAlgorithm: "sha256";
  /** Always `rfc6962`: leaf SHA-256(0x00 || entry), node SHA-256(0x01 || left || right). */
  readonly tree: "rfc6962";
  /** Always `jcs-utf8`: the leaf input is the UTF-8 of the entry text, which is RFC 8785 canonical JSON. */
  readonly entryEncoding: "jcs-utf8";
  /** Entry schema version: 1. */
  readonly entryVersion: 1;
  /** When the export was made (RFC 3339), for the reader; not verified. */
  readonly createdAt: string;
}

/** A checkpoint line: a C2SP signed note carrying a tlog checkpoint. */
interface CheckpointLine {
  readonly kind: "checkpoint";
  readonly note: string;
}

/** A consistency proof line between two checkpoint sizes of the export, hashes in base64. */
interface ConsistencyLine {
  readonly kind: "consistency";
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly string[];
}

/** The end line: its presence tells a complete export from a cut one. */
interface EndLine {
  readonly kind: "end";
  readonly entries: number;
}

/** Serialise the header line (with its newline). */
export function formatHeaderLine(
  h: Omit<
    ExportHeader,
    "kind" | "format" | "version" | "hashAlgorithm" | "tree" | "entryEncoding" | "entryVersion"
  >,
): string {
  const header: ExportHeader = {
    kind: "header",
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    origin: h.origin,
    tenant: h.tenant,
    treeSize: h.treeSize,
    hashAlgorithm: "sha256",
    tree: "rfc6962",
    entryEncoding: "jcs-utf8",
    entryVersion: 1,
    createdAt: h.createdAt,
  };
  return `${JSON.stringify(header)}\n`;
}

/**
 * Serialise an entry line (with its newline): `{"kind":"entry","seq":<seq>,"entry":<entry>}` where
 * <entry> is the entry's canonical JSON written as is. The Merkle leaf input is exactly those bytes, so a
 * verifier hashes them in place, and a reader sees plain JSON rather than JSON escaped inside a string.
 */
export function formatEntryLine(seq: number, text: string): string {
  if (text.charCodeAt(0) !== 0x7b || text.includes("\n")) {
    // Canonical JSON of an entry is an object with no raw newline; anything else would break the line.
    throw new Error(`entry ${seq} is not canonical JSON; the store holds a corrupt entry`);
  }
  return `{"kind":"entry","seq":${seq},"entry":${text}}\n`;
}

export function formatCheckpointLine(note: string): string {
  return `${JSON.stringify({ kind: "checkpoint", note } satisfies CheckpointLine)}\n`;
}

export function formatConsistencyLine(size1: number, size2: number, proof: readonly Uint8Array[]): string {
  const line: ConsistencyLine = {
    kind: "consistency",
    size1,
    size2,
    proof: proof.map((p) => Buffer.from(p).toString("base64")),
  };
  return `${JSON.stringify(line)}\n`;
}

export function formatEndLine(entries: number): string {
  return `${JSON.stringify({ kind: "end", entries } satisfies EndLine)}\n`;
}
