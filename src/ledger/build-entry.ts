import { VouchError } from "../shared/errors.js";
import { canonicalizeJson } from "./canonicalize-json.js";
import { EncodedEntry } from "./encoded-entry.js";
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
import { writeDecisionEntry } from "./write-decision-entry.js";

/** An entry ready to append: the value, its canonical text, and its Merkle leaf hash. */
export interface CanonicalEntry<E extends LedgerEntry = LedgerEntry> {
  readonly entry: E;
  /** The canonical JSON text (RFC 8785). */
  readonly text: string;
  /** SHA-256(0x00 || UTF-8 of `text`). */
  readonly leafHash: Uint8Array;
  /** `entry.time` in milliseconds since the epoch. */
  readonly timeMs: number;
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
 * Build a decision entry: why the AI answered or escalated. Checked and written at once, on the message
 * path (writeDecisionEntry); the leaf hash is computed on first use. An input that breaks a rule takes the
 * general path, whose VALIDATION_FAILED names every problem.
 */
export function buildDecisionEntry(
  input: EntryInput & { readonly data: DecisionData },
): CanonicalEntry<DecisionEntry> {
  const written = writeDecisionEntry(input);
  if (written) return written;
  // A rule is broken: the general path names every problem (and throws).
  const d = input.data;
  return encodeValidated(
    assemble(
      input,
      "decision",
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
    assemble(input, "admin", { action: input.data.action, details: input.data.details ?? {} }),
  ) as CanonicalEntry<AdminEntry>;
}

/** Build a billing entry: one billable event, or the reversal of one. Written at once, as decisions are. */
export function buildBillingEntry(
  input: EntryInput & { readonly data: BillingData },
): CanonicalEntry<BillingEntry> {
  const d = input.data;
  return encodeValidated(
    assemble(
      input,
      "billing",
      dropUndefined({
        event: d.event,
        idempotencyKey: d.idempotencyKey,
        quantity: Object.is(d.quantity, -0) ? 0 : d.quantity, // as the text has it
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
  return new EncodedEntry(deepFreeze(fresh) as LedgerEntry, text);
}

/**
 * Validate a decision or billing entry the builders assembled from fresh objects, members in canonical
 * order, and write its text with JSON.stringify. That is the canonical form (RFC 8785) without the generic
 * canonicaliser's checks, because validation has established what they check: every string of a valid
 * decision or billing entry matches an ASCII pattern (ids, codes, digests, the time, subject kinds, and
 * billing keys of printable ASCII, whose `"` and `\\` JSON.stringify escapes exactly as JCS does), every
 * number is finite, there are no other members, and no key is integer-like (which JavaScript would
 * enumerate first). A property test holds the two to the same bytes over arbitrary input.
 */
function encodeValidated(value: Record<string, unknown>): CanonicalEntry {
  assertValidEntry(value);
  return new EncodedEntry(deepFreeze(value) as unknown as LedgerEntry, JSON.stringify(value));
}

/**
 * The entry of `input` with `data`, members in canonical (sorted) order: actor, agentVersion, data,
 * subject, tenant, time, type, v. An absent agentVersion is left out, never null or undefined.
 */
function assemble(input: EntryInput, type: LedgerEntry["type"], data: Record<string, unknown>) {
  if (!Number.isSafeInteger(input.time)) {
    throw new VouchError("VALIDATION_FAILED", "invalid ledger entry: $.time: must be epoch milliseconds");
  }
  const time = new Date(input.time);
  if (Number.isNaN(time.getTime())) {
    throw new VouchError("VALIDATION_FAILED", "invalid ledger entry: $.time: out of range");
  }
  const given = input.subject ?? {};
  // fromEntries defines own members, so a kind named __proto__ is a member (and refused by validation)
  // rather than an assignment to the prototype that would drop it silently.
  const subject = Object.fromEntries(
    Object.keys(given)
      .sort()
      .map((kind) => [kind, given[kind]]),
  );
  const entry: Record<string, unknown> = { actor: { id: input.actor.id, kind: input.actor.kind } };
  if (input.agentVersion !== undefined) entry.agentVersion = input.agentVersion;
  entry.data = data;
  entry.subject = subject;
  entry.tenant = input.tenant;
  entry.time = time.toISOString();
  entry.type = type;
  entry.v = ENTRY_VERSION;
  return entry;
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
