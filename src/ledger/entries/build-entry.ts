import { VouchError } from "../../shared/errors.js";
import { type CanonicalEntry, EncodedEntry } from "./canonical-entry.js";
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
  parseEntry,
  validateEntry,
} from "./entry-schema.js";

/** Fields every entry builder takes. */
export interface EntryInput {
  /** When the action happened, in milliseconds since the epoch (from the injected clock). */
  readonly time: number;
  readonly tenant: string;
  readonly actor: EntryActor;
  readonly subject?: EntrySubject;
  readonly agentVersion?: string;
}

/** Build a decision entry: why the AI answered or escalated. */
export function buildDecisionEntry(
  input: EntryInput & { readonly data: DecisionData },
): CanonicalEntry<DecisionEntry> {
  const d = input.data;
  return encodeEntry(
    assemble(input, "decision", {
      action: d.action,
      confidence: d.confidence,
      inputDigest: d.inputDigest,
      latencyUs: d.latencyUs,
      outputDigest: d.outputDigest,
      reason: d.reason,
      sources: Array.isArray(d.sources) ? d.sources.map((s) => ({ id: s.id, score: s.score })) : d.sources,
    }),
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

/** Build a billing entry: one billable event, or the reversal of one. */
export function buildBillingEntry(
  input: EntryInput & { readonly data: BillingData },
): CanonicalEntry<BillingEntry> {
  const d = input.data;
  return encodeEntry(
    assemble(input, "billing", {
      event: d.event,
      idempotencyKey: d.idempotencyKey,
      quantity: d.quantity,
      reverses: d.reverses,
    }),
  ) as CanonicalEntry<BillingEntry>;
}

/**
 * Validate any candidate entry value and encode it: the one way an entry gets its text. Throws
 * VALIDATION_FAILED listing every problem, since a wrong entry is a programming error in the caller and
 * must not reach the append-only log. The returned value is read back from the canonical text, so it
 * shares nothing mutable with the caller's input and holds exactly what the text says (−0 is 0).
 */
export function encodeEntry(value: unknown): CanonicalEntry {
  const problems = validateEntry(value);
  if (problems.length > 0) {
    throw new VouchError("VALIDATION_FAILED", `invalid ledger entry: ${problems.join("; ")}`, { problems });
  }
  const text = canonicalizeJson(value);
  return new EncodedEntry(deepFreeze(JSON.parse(text)) as LedgerEntry, text);
}

/**
 * An entry from its stored text, read as a verifier reads it (parseEntry: a valid entry, byte for byte in
 * canonical form), so a stored row that was changed cannot enter the log unchecked. Throws
 * VALIDATION_FAILED with the reason otherwise.
 */
export function readEntry(text: string): CanonicalEntry {
  const parsed = parseEntry(text);
  if (!parsed.ok) {
    throw new VouchError("VALIDATION_FAILED", `invalid ledger entry: ${parsed.reason}`, {
      problems: [parsed.reason],
    });
  }
  return new EncodedEntry(deepFreeze(parsed.entry), text);
}

/**
 * The entry of `input` with `data`, members in canonical order (canonicalizeJson then writes it with one
 * JSON.stringify). Optional members that are undefined are left out: absent, never null.
 */
function assemble(input: EntryInput, type: LedgerEntry["type"], data: Record<string, unknown>): unknown {
  const time = Number.isSafeInteger(input.time) ? new Date(input.time) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw new VouchError("VALIDATION_FAILED", "invalid ledger entry: $.time: must be epoch milliseconds");
  }
  const given = input.subject ?? {};
  return dropUndefined({
    actor: { id: input.actor.id, kind: input.actor.kind },
    agentVersion: input.agentVersion,
    data: dropUndefined(data),
    // fromEntries defines own members, so a kind named __proto__ is a member (and refused by validation)
    // rather than an assignment to the prototype that would drop it silently.
    subject: Object.fromEntries(
      Object.keys(given)
        .sort()
        .map((kind) => [kind, given[kind]]),
    ),
    tenant: input.tenant,
    time: time.toISOString(),
    type,
    v: ENTRY_VERSION,
  });
}

/** `o` without its undefined members; `o`'s keys are the builders' own (no __proto__). */
function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in o) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
