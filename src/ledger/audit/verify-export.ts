import { decodeBase64Strict, type VerifierKey } from "../checkpoints/manage-signing-keys.js";
import { openCheckpoint } from "../checkpoints/open-checkpoint.js";
import { type ParsedEntry, parseEntry } from "../entries/entry-schema.js";
import { TreeAccumulator } from "../tree/accumulate-tree.js";
import { isIndex } from "../tree/decompose-tree.js";
import { bytesEqual, emptyRoot } from "../tree/hash-nodes.js";
import { verifyConsistencyProof } from "../tree/verify-consistency-proof.js";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from "./export-format.js";
import { PROBLEM_CODES, type Problem, type ProblemCode } from "./problem-codes.js";
import {
  decodeStrict,
  INVALID_UTF8_LINE,
  LineReader,
  LineTooLongError,
  SourceReadError,
} from "./split-lines.js";

/** An export to verify: a name for reports (the file path) and its bytes or text, in chunks. */
export interface ExportSource {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/** A signed checkpoint obtained separately (from the API, a witness, an earlier audit). */
export interface CheckpointSource {
  readonly name: string;
  readonly note: string;
}

export interface VerifyExportOptions {
  /** Trusted public keys: every key that may have signed a checkpoint (current and retired). */
  readonly keys: readonly VerifierKey[];
  /** Checkpoints held independently: each is checked against the exports, and forks among all detected. */
  readonly checkpoints?: readonly CheckpointSource[];
  /**
   * Also parse every entry and check it is a valid, canonical v1 entry of the export's tenant (default
   * false). Integrity does not need it: the entries' bytes are hashed and must give the signed roots, so
   * they are exactly what was signed. It audits what was written, at several times the cost.
   */
  readonly checkEntries?: boolean;
  /** Called every `progressEvery` entries (default 100 000). */
  readonly onProgress?: (progress: {
    readonly source: string;
    readonly entries: number;
    readonly treeSize: number;
  }) => void;
  readonly progressEvery?: number;
}

/** What one export contained. */
interface SourceSummary {
  readonly name: string;
  readonly origin?: string;
  readonly tenant?: string;
  /** Size the header declares. */
  readonly treeSize?: number;
  /** Entries read and hashed. */
  readonly entries: number;
  /** Checkpoint lines in the export. */
  readonly checkpoints: number;
  /** Base64 root recomputed over all its entries, when verification reached the end. */
  readonly root?: string;
}

/** The verifier's result. `ok` is true exactly when `problem` is absent. */
export interface VerifyReport {
  readonly ok: boolean;
  /** Entries hashed, over all exports. */
  readonly entries: number;
  /** Checkpoints whose signature verified and whose root equalled the root recomputed from entries. */
  readonly checkpointsVerified: number;
  readonly consistencyProofsVerified: number;
  readonly sources: readonly SourceSummary[];
  /** The first problem found; verification stops there. */
  readonly problem?: Problem;
  readonly warnings: readonly Problem[];
}

interface CheckpointRecord {
  readonly size: number;
  readonly root: Uint8Array;
  readonly source: string;
  readonly line: number | undefined;
  matched: boolean;
}

interface SourceState {
  readonly name: string;
  readonly reader: LineReader;
  header?: ExportHeader;
  readonly checkpoints: CheckpointRecord[];
  readonly consistency: { line: number; size1: number; size2: number; proof: Uint8Array[] }[];
  entries: number;
  root?: string;
}

/** Thrown inside the verifier to stop at the first problem; never escapes verifyExport. */
class Stop {
  constructor(readonly problem: Problem) {}
}

function stop(code: ProblemCode, message: string, where: Omit<Problem, "code" | "message"> = {}): never {
  throw new Stop({ code, message, ...where });
}

/**
 * Verify one or more exports of a tenant's log, offline, with nothing but the exports, trusted public keys
 * and optionally checkpoints held separately:
 * - every checkpoint: well-formed, signed by a trusted key, for this log's origin;
 * - no two checkpoints of the same size with different roots (a fork), across all files given;
 * - every consistency proof in an export, between its checkpoints;
 * - every entry: in sequence (0, 1, 2 … no gap, duplicate or move), in its exact line form, and (when
 *   asked) a canonical v1 entry of the export's tenant;
 * - the root recomputed from the entries, incrementally (O(log n) memory, one pass), equals every
 *   checkpoint at its size; the export ends with its end line and a checkpoint at its final size.
 * Stops at the first problem and reports it with a stable code and its location. Never throws on any
 * input: unreadable sources are reported as SOURCE_UNREADABLE.
 */
export async function verifyExport(
  sources: ExportSource | readonly ExportSource[],
  options: VerifyExportOptions,
): Promise<VerifyReport> {
  const list = "chunks" in sources ? [sources as ExportSource] : (sources as readonly ExportSource[]);
  const run = new Verification(options, list);
  try {
    await run.execute();
    return run.report();
  } catch (e) {
    if (e instanceof Stop) return run.report(e.problem);
    if (e instanceof SourceReadError) {
      return run.report({ code: "SOURCE_UNREADABLE", message: e.message, source: run.currentSource });
    }
    if (e instanceof LineTooLongError) {
      return run.report({
        code: "LINE_MALFORMED",
        message: "a line is longer than 64 MiB",
        source: run.currentSource,
      });
    }
    throw e;
  } finally {
    await run.closeAll();
  }
}

class Verification {
  private readonly states: SourceState[];
  private readonly bySize = new Map<number, CheckpointRecord[]>();
  private readonly warnings: Problem[] = [];
  private entries = 0;
  private consistencyVerified = 0;
  private origin: string | undefined;
  private tenant: string | undefined;
  currentSource: string | undefined;

  constructor(
    private readonly options: VerifyExportOptions,
    sources: readonly ExportSource[],
  ) {
    this.states = sources.map((s) => ({
      name: s.name,
      reader: new LineReader(s.chunks),
      checkpoints: [],
      consistency: [],
      entries: 0,
    }));
  }

  async execute(): Promise<void> {
    if (this.options.keys.length === 0) stop("NO_TRUSTED_KEYS", "give at least one public key (vkey)");
    for (const state of this.states) await this.readHead(state);
    for (const extra of this.options.checkpoints ?? []) this.addExtraCheckpoint(extra);
    for (const state of this.states) this.checkConsistencyLines(state);
    const targets = [...this.bySize.keys()].sort((a, b) => a - b);
    for (const state of this.states) await this.readEntries(state, targets);
    const largest = Math.max(-1, ...this.states.map((s) => s.entries));
    for (const [size, records] of this.bySize) {
      for (const r of records) {
        if (!r.matched && size > largest) {
          this.warnings.push({
            code: "CHECKPOINT_NOT_COVERED",
            message: `checkpoint of size ${size} is beyond every export (largest ${Math.max(largest, 0)}); only its signature was checked`,
            source: r.source,
            treeSize: size,
          });
        }
      }
    }
  }

  report(problem?: Problem): VerifyReport {
    let verified = 0;
    for (const records of this.bySize.values()) for (const r of records) if (r.matched) verified++;
    return {
      ok: problem === undefined,
      entries: this.entries,
      checkpointsVerified: verified,
      consistencyProofsVerified: this.consistencyVerified,
      sources: this.states.map((s) => ({
        name: s.name,
        ...(s.header
          ? { origin: s.header.origin, tenant: s.header.tenant, treeSize: s.header.treeSize }
          : {}),
        entries: s.entries,
        checkpoints: s.checkpoints.length,
        ...(s.root ? { root: s.root } : {}),
      })),
      ...(problem ? { problem } : {}),
      warnings: this.warnings,
    };
  }

  async closeAll(): Promise<void> {
    for (const s of this.states) {
      try {
        await s.reader.close();
      } catch {
        // Closing is best effort: the report is already decided.
      }
    }
  }

  /** Header, checkpoints and consistency lines: everything before the first entry. */
  private async readHead(state: SourceState): Promise<void> {
    this.currentSource = state.name;
    const where = () => ({ source: state.name, line: state.reader.lineNo });
    const first = await state.reader.nextLine();
    if (first === undefined) stop("HEADER_INVALID", "the export is empty", where());
    const header = parseHeader(first as string, where);
    state.header = header;
    if (this.origin === undefined) {
      this.origin = header.origin;
      this.tenant = header.tenant;
    } else if (header.origin !== this.origin || header.tenant !== this.tenant) {
      stop(
        "SOURCES_DISAGREE",
        `this export is of ${header.origin}, the first one of ${this.origin}`,
        where(),
      );
    }
    while (await state.reader.fill()) {
      const line = state.reader.text(state.reader.pos);
      const value = parseLine(line, where, state.reader.lineNo + 1);
      if (value.kind === "entry" || value.kind === "end") return; // left unread for readEntries
      state.reader.pos++;
      state.reader.lineNo++;
      if (value.kind === "checkpoint") {
        if (typeof value.note !== "string")
          stop("LINE_MALFORMED", "a checkpoint line needs a note string", where());
        const record = this.addCheckpoint(
          value.note as string,
          state.name,
          state.reader.lineNo,
          header.origin,
        );
        const previous = state.checkpoints[state.checkpoints.length - 1];
        if (state.consistency.length > 0 || (previous && previous.size >= record.size)) {
          stop(
            "LINE_OUT_OF_ORDER",
            "checkpoints must come before consistency proofs, ascending by size",
            where(),
          );
        }
        if (record.size > header.treeSize) {
          stop(
            "EXPORT_TRUNCATED",
            `a checkpoint of size ${record.size} is beyond the header's ${header.treeSize}`,
            {
              ...where(),
              treeSize: record.size,
            },
          );
        }
        state.checkpoints.push(record);
      } else if (value.kind === "consistency") {
        state.consistency.push(parseConsistency(value, where, state.reader.lineNo));
      } else if (value.kind === "header") {
        stop("LINE_OUT_OF_ORDER", "a second header line", where());
      } else {
        stop("LINE_MALFORMED", `unknown line kind ${JSON.stringify(value.kind)}`, where());
      }
    }
  }

  private addExtraCheckpoint(extra: CheckpointSource): void {
    this.currentSource = extra.name;
    this.addCheckpoint(extra.note, extra.name, undefined, this.origin);
  }

  /** Check a checkpoint's signature and origin, and that it forks no checkpoint seen so far. */
  private addCheckpoint(
    note: string,
    source: string,
    line: number | undefined,
    origin: string | undefined,
  ): CheckpointRecord {
    const where = { source, ...(line !== undefined ? { line } : {}) };
    const opened = openCheckpoint(note, this.options.keys);
    if (!opened.ok) {
      const code: ProblemCode = opened.failure === "NOTE_MALFORMED" ? "CHECKPOINT_MALFORMED" : opened.failure;
      stop(code, opened.reason, where);
    }
    const cp = opened.checkpoint;
    if (origin !== undefined && cp.origin !== origin) {
      // For a standalone checkpoint file, another origin means the wrong file, not tampering.
      stop(
        line === undefined ? "SOURCES_DISAGREE" : "CHECKPOINT_ORIGIN_MISMATCH",
        `the checkpoint is for ${cp.origin}, not ${origin}`,
        {
          ...where,
          treeSize: cp.size,
        },
      );
    }
    if (this.origin === undefined) this.origin = cp.origin;
    const records = this.bySize.get(cp.size) ?? [];
    const other = records.find((r) => !bytesEqual(r.root, cp.root));
    if (other) {
      stop(
        "CHECKPOINT_FORK",
        `two signed checkpoints of size ${cp.size} have different roots (the other: ${other.source}${other.line ? ` line ${other.line}` : ""})`,
        { ...where, treeSize: cp.size },
      );
    }
    const record: CheckpointRecord = { size: cp.size, root: cp.root, source, line, matched: false };
    records.push(record);
    this.bySize.set(cp.size, records);
    return record;
  }

  private checkConsistencyLines(state: SourceState): void {
    this.currentSource = state.name;
    for (const c of state.consistency) {
      const where = { source: state.name, line: c.line };
      const from = state.checkpoints.find((r) => r.size === c.size1);
      const to = state.checkpoints.find((r) => r.size === c.size2);
      if (!from || !to)
        stop(
          "LINE_MALFORMED",
          "a consistency proof refers to a size with no checkpoint in the export",
          where,
        );
      const check = verifyConsistencyProof(c.size1, c.size2, c.proof, from!.root, to!.root);
      if (!check.ok)
        stop("CONSISTENCY_PROOF_INVALID", `sizes ${c.size1} → ${c.size2}: ${check.reason}`, where);
      this.consistencyVerified++;
    }
  }

  /**
   * A line among the entries that is not an entry line: the end line (returns its count) or a problem.
   */
  private readOtherLine(line: string, source: string, lineNo: number): number {
    let value: { kind?: unknown; entries?: unknown };
    try {
      value = JSON.parse(line);
    } catch {
      stop(
        "LINE_MALFORMED",
        line === INVALID_UTF8_LINE ? "the line is not valid UTF-8" : "the line is not JSON",
        {
          source,
          line: lineNo,
        },
      );
    }
    if (value === null || typeof value !== "object") {
      stop("LINE_MALFORMED", "the line is not a JSON object", { source, line: lineNo });
    }
    if (value.kind === "end") {
      if (!isIndex(value.entries))
        stop("LINE_MALFORMED", "the end line needs an entry count", { source, line: lineNo });
      return value.entries as number;
    }
    const misplaced = value.kind === "header" || value.kind === "checkpoint" || value.kind === "consistency";
    return stop(
      misplaced ? "LINE_OUT_OF_ORDER" : "LINE_MALFORMED",
      misplaced
        ? `a ${String(value.kind)} line among the entries`
        : value.kind === "entry"
          ? "the entry line is not in its exact form"
          : "unknown line kind",
      { source, line: lineNo },
    );
  }

  /** Stream the entries, hashing each into the accumulator and comparing roots at every checkpoint size. */
  private async readEntries(state: SourceState, targets: readonly number[]): Promise<void> {
    this.currentSource = state.name;
    const header = state.header!;
    const reader = state.reader;
    const checkEntries = this.options.checkEntries ?? false;
    const every = this.options.progressEvery ?? 100_000;
    const acc = new TreeAccumulator();
    let ti = 0;
    let lastMatched = 0;
    let pendingFork: CheckpointRecord | undefined;
    let ended: number | undefined;

    // Compare the root at the current size with every checkpoint of that size, from any source.
    const checkRoot = (size: number) => {
      const records = this.bySize.get(size)!;
      const root = size === 0 ? emptyRoot() : acc.root();
      const own = records.find((r) => r.source === state.name);
      if (bytesEqual(root, records[0]!.root)) {
        for (const r of records) r.matched = true;
        if (own) {
          if (pendingFork) {
            stop(
              "CHECKPOINT_FORK",
              `the checkpoint of size ${pendingFork.size} from ${pendingFork.source} does not match this export's signed log`,
              {
                source: pendingFork.source,
                treeSize: pendingFork.size,
                ...(pendingFork.line ? { line: pendingFork.line } : {}),
              },
            );
          }
          lastMatched = size;
        }
      } else if (own) {
        stop(
          "ROOT_MISMATCH",
          `the entries do not hash to the signed root of size ${size}: an entry with seq ${lastMatched}..${size - 1} was changed, removed, inserted or reordered`,
          { source: state.name, treeSize: size, ...(own.line ? { line: own.line } : {}) },
        );
      } else {
        pendingFork ??= records[0];
      }
    };

    while (ti < targets.length && targets[ti] === 0) checkRoot(targets[ti++]!);

    while (await reader.fill()) {
      const { buf, starts, ends } = reader;
      while (reader.pos < starts.length) {
        const start = starts[reader.pos]!;
        const end = ends[reader.pos]!;
        reader.pos++;
        const lineNo = ++reader.lineNo;
        if (ended !== undefined) {
          if (end === start) continue;
          stop("LINE_OUT_OF_ORDER", "a line after the end line", { source: state.name, line: lineNo });
        }
        const seq = state.entries;
        const found = scanEntryLine(buf, start, end);
        if (found === NOT_AN_ENTRY_LINE) {
          ended = this.readOtherLine(reader.text(reader.pos - 1), state.name, lineNo);
          continue;
        }
        if (found === MALFORMED_ENTRY_LINE) {
          stop("LINE_MALFORMED", "the entry line is not in its exact form", {
            source: state.name,
            line: lineNo,
            seq,
          });
        }
        if (found !== seq) {
          stop(
            "ENTRY_SEQ_MISMATCH",
            `expected seq ${seq}, found ${found}: an entry was deleted, inserted, duplicated or moved`,
            { source: state.name, line: lineNo, seq },
          );
        }
        if (seq >= header.treeSize) {
          stop("EXTRA_ENTRIES", `more entries than the header's tree size ${header.treeSize}`, {
            source: state.name,
            line: lineNo,
            seq,
          });
        }
        // The entry value runs from after `,"entry":` to before the closing brace of the line.
        const valueStart = start + ENTRY_PREFIX.length + String(seq).length + ENTRY_FIELD.length;
        const valueEnd = end - 1;
        if (checkEntries) {
          const text = decodeStrict(buf, valueStart, valueEnd);
          const parsed: ParsedEntry =
            text === INVALID_UTF8_LINE ? { ok: false, reason: "not valid UTF-8" } : parseEntry(text);
          if (!parsed.ok) stop("ENTRY_INVALID", parsed.reason, { source: state.name, line: lineNo, seq });
          if (parsed.entry.tenant !== header.tenant) {
            stop("ENTRY_TENANT_MISMATCH", `the entry is of tenant ${parsed.entry.tenant}`, {
              source: state.name,
              line: lineNo,
              seq,
            });
          }
        }
        // Hash the entry bytes where they lie: the byte before them (the ':') becomes the 0x00 leaf prefix
        // for the duration of the hash. The reader's buffer is its own copy, so this is safe.
        buf[valueStart - 1] = 0x00;
        acc.appendLeafInput(buf.subarray(valueStart - 1, valueEnd));
        buf[valueStart - 1] = 0x3a;
        state.entries++;
        this.entries++;
        if (state.entries === targets[ti]) checkRoot(targets[ti++]!);
        if (this.options.onProgress && state.entries % every === 0) {
          this.options.onProgress({ source: state.name, entries: state.entries, treeSize: header.treeSize });
        }
      }
    }

    const end = { source: state.name, line: reader.lineNo };
    if (ended === undefined)
      stop("EXPORT_TRUNCATED", `the export stops after ${state.entries} entries without its end line`, end);
    if (state.entries < header.treeSize || (ended as number) > state.entries) {
      stop(
        "EXPORT_TRUNCATED",
        `the export has ${state.entries} entries; its header says ${header.treeSize} and its end line ${ended}`,
        end,
      );
    }
    if ((ended as number) < state.entries)
      stop("EXTRA_ENTRIES", `the end line says ${ended} entries, the export has ${state.entries}`, end);
    if (!state.checkpoints.some((r) => r.size === header.treeSize)) {
      stop(
        "CHECKPOINT_MISSING",
        `no checkpoint at the export's size ${header.treeSize}: its last entries are not signed`,
        end,
      );
    }
    state.root = Buffer.from(acc.root()).toString("base64");
  }
}

const ENTRY_PREFIX = Buffer.from('{"kind":"entry","seq":', "latin1");
const ENTRY_FIELD = Buffer.from(',"entry":', "latin1");
const NOT_AN_ENTRY_LINE = -1;
const MALFORMED_ENTRY_LINE = -2;

/**
 * Check an entry line's fixed shape on its bytes, `{"kind":"entry","seq":<decimal>,"entry":{…}}` with no
 * whitespace, and return its seq; NOT_AN_ENTRY_LINE when it does not start like one, MALFORMED_ENTRY_LINE
 * when it starts like one but is not exactly one. The fixed shape is what lets every reader agree on which
 * bytes are the entry (no duplicate keys, no reordering), and lets the verifier skip JSON parsing.
 */
function scanEntryLine(buf: Buffer, start: number, end: number): number {
  const digits = start + ENTRY_PREFIX.length;
  if (end - start < ENTRY_PREFIX.length || ENTRY_PREFIX.compare(buf, start, digits) !== 0)
    return NOT_AN_ENTRY_LINE;
  let i = digits;
  let seq = 0;
  for (; i < end && i - digits < 16; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    seq = seq * 10 + (c - 0x30);
  }
  const count = i - digits;
  if (count === 0 || count > 15 || (count > 1 && buf[digits] === 0x30)) return MALFORMED_ENTRY_LINE;
  const value = i + ENTRY_FIELD.length;
  if (value + 2 > end || ENTRY_FIELD.compare(buf, i, value) !== 0) return MALFORMED_ENTRY_LINE;
  if (buf[value] !== 0x7b || buf[end - 1] !== 0x7d) return MALFORMED_ENTRY_LINE;
  return seq;
}

function parseHeader(line: string, where: () => Omit<Problem, "code" | "message">): ExportHeader {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(line);
  } catch {
    return stop("HEADER_INVALID", "the first line is not JSON", where());
  }
  if (h === null || typeof h !== "object" || h.kind !== "header" || h.format !== EXPORT_FORMAT) {
    stop("HEADER_INVALID", `the first line is not a ${EXPORT_FORMAT} header`, where());
  }
  if (h.version !== EXPORT_VERSION)
    stop("FORMAT_UNSUPPORTED", `export format version ${String(h.version)} is not supported`, where());
  if (
    h.hashAlgorithm !== "sha256" ||
    h.tree !== "rfc6962" ||
    h.entryEncoding !== "jcs-utf8" ||
    h.entryVersion !== 1
  ) {
    stop("FORMAT_UNSUPPORTED", "only sha256 / rfc6962 / jcs-utf8 / entry version 1 are supported", where());
  }
  if (
    typeof h.origin !== "string" ||
    h.origin.length === 0 ||
    typeof h.tenant !== "string" ||
    !isIndex(h.treeSize)
  ) {
    stop("HEADER_INVALID", "the header needs an origin, a tenant and a tree size", where());
  }
  return h as unknown as ExportHeader;
}

function parseLine(
  line: string,
  where: () => Omit<Problem, "code" | "message">,
  lineNo: number,
): { kind?: unknown; [k: string]: unknown } {
  try {
    const v = JSON.parse(line);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  return stop(
    "LINE_MALFORMED",
    line === INVALID_UTF8_LINE ? "the line is not valid UTF-8" : "the line is not a JSON object",
    {
      ...where(),
      line: lineNo,
    },
  );
}

function parseConsistency(
  v: Record<string, unknown>,
  where: () => Omit<Problem, "code" | "message">,
  line: number,
): { line: number; size1: number; size2: number; proof: Uint8Array[] } {
  const proof = Array.isArray(v.proof)
    ? v.proof.map((p) => (typeof p === "string" ? decodeBase64Strict(p) : undefined))
    : undefined;
  if (!isIndex(v.size1) || !isIndex(v.size2) || !proof || proof.some((p) => p === undefined)) {
    stop("LINE_MALFORMED", "a consistency line needs size1, size2 and a proof of base64 hashes", where());
  }
  return { line, size1: v.size1 as number, size2: v.size2 as number, proof: proof as Uint8Array[] };
}

/** The kind (input, integrity, warning) of a problem code. */
export function problemKind(code: ProblemCode): "input" | "integrity" | "warning" {
  return PROBLEM_CODES[code].kind;
}
