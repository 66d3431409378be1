import { VouchError } from "../shared/errors.js";
import { canonicalizeJson } from "./canonicalize-json.js";
import {
  type AdminData,
  type AdminEntry,
  type BillingData,
  type BillingEntry,
  type DecisionData,
  type DecisionEntry,
  ENTRY_VERSION,
  type EntryActor,
  type EntrySubject,
  type LedgerEntry,
  validateEntry,
} from "./entry-schema.js";
import { hashLeaf } from "./hash-nodes.js";

/** An entry ready to append: the value, its canonical text and bytes, and its Merkle leaf hash. */
export interface CanonicalEntry<E extends LedgerEntry = LedgerEntry> {
  readonly entry: E;
  /** The canonical JSON text (RFC 8785). */
  readonly text: string;
  /** UTF-8 of `text`: the Merkle leaf input. */
  readonly bytes: Uint8Array;
  /** SHA-256(0x00 || bytes). */
  readonly leafHash: Uint8Array;
}

/** Fields every entry builder takes. */
export interface EntryInput {
  /** When the action happened, in milliseconds since the epoch (from the injected clock). */
  readonly time: number;
  readonly tenant: string;
  readonly actor: EntryActor;
  readonly subject?: EntrySubject;
  readonly agentVersion?: string;
}

/**
 * Build a decision entry: why the AI answered or escalated. Validated at once; the canonical text, bytes
 * and leaf hash are computed on first use, so queueing it (queueLedgerEntries) in a customer message's
 * transaction costs only the validation. Every field of a decision is a pattern-checked id, code, digest
 * or finite number, so its canonical form always exists.
 */
export function buildDecisionEntry(
  input: EntryInput & { readonly data: DecisionData },
): CanonicalEntry<DecisionEntry> {
  const d = input.data;
  // Members in canonical (sorted) order throughout, so canonicalisation takes its fast path.
  return encodeBuilt(
    withData(
      envelope(input, "decision"),
      dropUndefined({
        action: d.action,
        confidence: d.confidence,
        inputDigest: d.inputDigest,
        latencyUs: d.latencyUs,
        outputDigest: d.outputDigest,
        reason: d.reason,
        sources: d.sources.map((s) => ({ id: s.id, score: s.score })),
      }),
    ),
  ) as CanonicalEntry<DecisionEntry>;
}

/** Build an admin entry: a contract change, version promotion or rollback, export, erasure, key rotation… */
export function buildAdminEntry(
  input: EntryInput & { readonly data: { readonly action: string; readonly details?: AdminData["details"] } },
): CanonicalEntry<AdminEntry> {
  return encodeEntry(
    withData(envelope(input, "admin"), { action: input.data.action, details: input.data.details ?? {} }),
  ) as CanonicalEntry<AdminEntry>;
}

/** Build a billing entry: one billable event, or the reversal of one. Canonical form computed lazily, as for decisions. */
export function buildBillingEntry(
  input: EntryInput & { readonly data: BillingData },
): CanonicalEntry<BillingEntry> {
  const d = input.data;
  return encodeBuilt(
    withData(
      envelope(input, "billing"),
      dropUndefined({
        event: d.event,
        idempotencyKey: d.idempotencyKey,
        quantity: d.quantity,
        reverses: d.reverses,
      }),
    ),
  ) as CanonicalEntry<BillingEntry>;
}

/**
 * Validate any candidate entry value and encode it. Throws VALIDATION_FAILED listing every problem, since a
 * wrong entry is a programming error in the caller and must not reach the append-only log.
 */
export function encodeEntry(value: unknown): CanonicalEntry {
  assertValidEntry(value);
  const text = canonicalizeJson(value);
  // Re-parse the canonical text so the returned value shares nothing mutable with the caller's input.
  return encoded(JSON.parse(text), text);
}

/**
 * Validate and encode a value that shares nothing with anyone (just parsed from JSON, as the sequencer
 * reads the queue): like encodeEntry, without copying the value first.
 */
export function encodeParsedEntry(value: unknown): CanonicalEntry {
  assertValidEntry(value);
  return encoded(value, canonicalizeJson(value));
}

function assertValidEntry(value: unknown): void {
  const problems = validateEntry(value);
  if (problems.length > 0) {
    throw new VouchError("VALIDATION_FAILED", `invalid ledger entry: ${problems.join("; ")}`, { problems });
  }
}

function encoded(fresh: unknown, text: string): CanonicalEntry {
  const bytes = new TextEncoder().encode(text);
  return { entry: deepFreeze(fresh) as LedgerEntry, text, bytes, leafHash: hashLeaf(bytes) };
}

/**
 * Validate a value the builders assembled from fresh objects (so it shares nothing with the caller and can
 * be frozen in place) and defer the canonical text, bytes and leaf hash to their first use.
 */
function encodeBuilt(value: unknown): CanonicalEntry {
  assertValidEntry(value);
  const entry = deepFreeze(value) as LedgerEntry;
  let text: string | undefined;
  let bytes: Uint8Array | undefined;
  let leafHash: Uint8Array | undefined;
  return Object.freeze({
    entry,
    get text() {
      text ??= canonicalizeJson(entry);
      return text;
    },
    get bytes() {
      bytes ??= new TextEncoder().encode(this.text);
      return bytes;
    },
    get leafHash() {
      leafHash ??= hashLeaf(this.bytes);
      return leafHash;
    },
  });
}

function envelope(input: EntryInput, type: LedgerEntry["type"]) {
  if (!Number.isSafeInteger(input.time)) {
    throw new VouchError("VALIDATION_FAILED", "invalid ledger entry: $.time: must be epoch milliseconds");
  }
  const time = new Date(input.time);
  if (Number.isNaN(time.getTime())) {
    throw new VouchError("VALIDATION_FAILED", "invalid ledger entry: $.time: out of range");
  }
  const subject: Record<string, string> = {};
  for (const k of Object.keys(input.subject ?? {}).sort()) subject[k] = (input.subject as EntrySubject)[k]!;
  return {
    actor: { id: input.actor.id, kind: input.actor.kind },
    agentVersion: input.agentVersion,
    subject,
    tenant: input.tenant,
    time: time.toISOString(),
    type,
    v: ENTRY_VERSION,
  };
}

/** The entry with its data, members in canonical order (`data` sorts between agentVersion and subject). */
function withData(env: ReturnType<typeof envelope>, data: Record<string, unknown>): Record<string, unknown> {
  return dropUndefined({
    actor: env.actor,
    agentVersion: env.agentVersion,
    data,
    subject: env.subject,
    tenant: env.tenant,
    time: env.time,
    type: env.type,
    v: env.v,
  });
}

/** Optional fields are absent, never null or undefined, in the canonical form. */
function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
