import { canonicalizeJson } from "./canonicalize-json.js";
import { DIGEST_PATTERN } from "./digest-personal-data.js";

/**
 * Ledger entry schema, version 1. An entry is a JSON object, serialised in the canonical form of
 * canonicalize-json.ts; its UTF-8 bytes are the Merkle leaf. The schema is closed: an unknown field is an
 * error, so adding one means version 2, and a verifier of v1 never misreads a v2 entry.
 */

/** The entry format version this code writes and reads. */
export const ENTRY_VERSION = 1;

const ENTRY_TYPES = ["decision", "admin", "billing"] as const;
type EntryType = (typeof ENTRY_TYPES)[number];

const ACTOR_KINDS = ["agent", "user", "api_key", "system", "customer"] as const;
/** Who caused the entry: the AI agent, a console user, an API key, the platform itself, an end customer. */
type ActorKind = (typeof ACTOR_KINDS)[number];

export interface EntryActor {
  readonly kind: ActorKind;
  readonly id: string;
}

/** Ids of what the entry is about, by kind: `{ conversation: "conv_…", message: "msg_…" }`. */
export type EntrySubject = Readonly<Record<string, string>>;

/** A retrieved knowledge source and its retrieval score. */
export interface DecisionSource {
  readonly id: string;
  readonly score: number;
}

/** Why the AI answered or escalated. No free text: text could carry personal data into an immutable log. */
export interface DecisionData {
  /** Digest of the customer input the decision was made on (see digestContent). */
  readonly inputDigest: string;
  /** Digest of the reply sent, when there was one. */
  readonly outputDigest?: string;
  readonly sources: readonly DecisionSource[];
  /** Calibrated confidence in [0, 1]. */
  readonly confidence: number;
  readonly action: "answer" | "escalate";
  /** Stable reason code (`answered`, `low_confidence`, `customer_requested_human`…). */
  readonly reason: string;
  /** Time to decide, in microseconds. */
  readonly latencyUs: number;
}

/**
 * An administrative action. `action` is a dotted code; well-known ones: contract.change, version.promote,
 * version.rollback, export, erasure, key.rotate, tenant.create, api_key.create,
 * api_key.revoke. `details` holds ids, digests and settings, never personal data.
 */
export interface AdminData {
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A billable event as the contract defines it. Amounts are computed by invoicing, not stored here. */
export interface BillingData {
  /** Billable event code (`resolution`, `conversation`, `seat`…). */
  readonly event: string;
  /** Units, a non-negative integer. */
  readonly quantity: number;
  /** The metering idempotency key: one key, one charge. */
  readonly idempotencyKey: string;
  /** The idempotency key of the event this one reverses (a reopened resolution). */
  readonly reverses?: string;
}

interface EntryBase<T extends EntryType, D> {
  readonly v: 1;
  readonly type: T;
  /** RFC 3339 UTC with milliseconds: `2026-01-05T09:00:00.000Z`. */
  readonly time: string;
  readonly tenant: string;
  readonly actor: EntryActor;
  readonly subject: EntrySubject;
  /** The agent version in force, for decisions and version changes. */
  readonly agentVersion?: string;
  readonly data: D;
}

export type DecisionEntry = EntryBase<"decision", DecisionData>;
export type AdminEntry = EntryBase<"admin", AdminData>;
export type BillingEntry = EntryBase<"billing", BillingData>;
export type LedgerEntry = DecisionEntry | AdminEntry | BillingEntry;

/** Ids: no spaces, no `@` (an email address is personal data, not an id), at most 128 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/+=-]{0,127}$/;
/** Codes: lower-case words joined by `_`, `.`, `:` or `-`, at most 64 characters. */
const CODE_PATTERN = /^(?=.{1,64}$)[a-z][a-z0-9_]*(?:[.:-][a-z0-9_]+)*$/;
const SUBJECT_KIND_PATTERN = /^[a-z][A-Za-z0-9_]{0,31}$/;
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_SOURCES = 64;
const MAX_SUBJECT_KINDS = 16;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The problems of a candidate entry, empty when it is a valid v1 entry. Paths are JSON-path-like. */
export function validateEntry(value: unknown): string[] {
  const problems: string[] = [];
  const bad = (path: string, what: string) => problems.push(`${path}: ${what}`);
  if (!isObject(value)) return ["$: an entry is a JSON object"];
  onlyKeys(value, "$", ["v", "type", "time", "tenant", "actor", "subject", "agentVersion", "data"], bad);
  if (value.v !== ENTRY_VERSION) bad("$.v", `must be ${ENTRY_VERSION}`);
  if (!ENTRY_TYPES.includes(value.type as EntryType))
    bad("$.type", `must be one of ${ENTRY_TYPES.join(", ")}`);
  if (!isTime(value.time))
    bad("$.time", "must be RFC 3339 UTC with milliseconds, e.g. 2026-01-05T09:00:00.000Z");
  checkId(value.tenant, "$.tenant", bad);
  if (isObject(value.actor)) {
    onlyKeys(value.actor, "$.actor", ["kind", "id"], bad);
    if (!ACTOR_KINDS.includes(value.actor.kind as ActorKind)) {
      bad("$.actor.kind", `must be one of ${ACTOR_KINDS.join(", ")}`);
    }
    checkId(value.actor.id, "$.actor.id", bad);
  } else bad("$.actor", "must be an object { kind, id }");
  if (isObject(value.subject)) {
    const kinds = Object.keys(value.subject);
    if (kinds.length > MAX_SUBJECT_KINDS) bad("$.subject", `at most ${MAX_SUBJECT_KINDS} ids`);
    for (const kind of kinds) {
      if (!SUBJECT_KIND_PATTERN.test(kind)) bad(`$.subject.${kind}`, "kind must be a short identifier");
      if (!isId(value.subject[kind])) bad(`$.subject.${kind}`, ID_PROBLEM);
    }
  } else bad("$.subject", "must be an object of ids by kind");
  if (value.agentVersion !== undefined) checkId(value.agentVersion, "$.agentVersion", bad);
  if (!isObject(value.data)) bad("$.data", "must be an object");
  else if (value.type === "decision") checkDecision(value.data, bad);
  else if (value.type === "admin") checkAdmin(value.data, bad);
  else if (value.type === "billing") checkBilling(value.data, bad);
  return problems;
}

/** Outcome of reading an entry's text. */
export type ParsedEntry =
  | { readonly ok: true; readonly entry: LedgerEntry }
  | { readonly ok: false; readonly reason: string };

/**
 * Read an entry's text as a verifier must: valid JSON, a valid v1 entry, and byte-for-byte in canonical
 * form (which also rules out duplicate keys and any whitespace). Never throws.
 */
export function parseEntry(text: string): ParsedEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const problems = validateEntry(value);
  if (problems.length > 0) return { ok: false, reason: problems.join("; ") };
  let canonical: string;
  try {
    canonical = canonicalizeJson(value);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : "not canonical JSON" };
  }
  if (canonical !== text) return { ok: false, reason: "not in canonical form (RFC 8785)" };
  return { ok: true, entry: value as LedgerEntry };
}

type Bad = (path: string, what: string) => void;

function onlyKeys(o: Obj, path: string, allowed: readonly string[], bad: Bad): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(`${path}.${k}`, "unknown field");
}

function isTime(v: unknown): boolean {
  if (typeof v !== "string" || !TIME_PATTERN.test(v)) return false;
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v;
}

const ID_PROBLEM = "must be an id (no spaces or @, ≤ 128 chars)";

/** Whether `v` is an id (ID_PATTERN). */
export const isId = (v: unknown): v is string => typeof v === "string" && ID_PATTERN.test(v);
/** Whether `v` is a content digest (DIGEST_PATTERN). */
const isDigest = (v: unknown): v is string => typeof v === "string" && DIGEST_PATTERN.test(v);

function checkId(v: unknown, path: string, bad: Bad): void {
  if (!isId(v)) bad(path, ID_PROBLEM);
}

function checkCode(v: unknown, path: string, bad: Bad): void {
  if (typeof v !== "string" || !CODE_PATTERN.test(v)) bad(path, "must be a lower-case code");
}

function checkDigest(v: unknown, path: string, bad: Bad): void {
  if (!isDigest(v)) bad(path, "must be sha256:<hex> or hmac-sha256:<hex>");
}

function checkDecision(d: Obj, bad: Bad): void {
  onlyKeys(
    d,
    "$.data",
    ["inputDigest", "outputDigest", "sources", "confidence", "action", "reason", "latencyUs"],
    bad,
  );
  checkDigest(d.inputDigest, "$.data.inputDigest", bad);
  if (d.outputDigest !== undefined) checkDigest(d.outputDigest, "$.data.outputDigest", bad);
  if (Array.isArray(d.sources) && d.sources.length <= MAX_SOURCES) {
    // Paths are written only for a problem: this runs for every decision a message makes.
    for (let i = 0; i < d.sources.length; i++) {
      const s: unknown = d.sources[i];
      if (!isObject(s)) {
        bad(`$.data.sources[${i}]`, "must be { id, score }");
        continue;
      }
      for (const k of Object.keys(s)) {
        if (k !== "id" && k !== "score") bad(`$.data.sources[${i}].${k}`, "unknown field");
      }
      if (!isId(s.id)) bad(`$.data.sources[${i}].id`, ID_PROBLEM);
      if (typeof s.score !== "number" || !Number.isFinite(s.score))
        bad(`$.data.sources[${i}].score`, "must be a finite number");
    }
  } else bad("$.data.sources", `must be an array of at most ${MAX_SOURCES} sources`);
  if (typeof d.confidence !== "number" || !(d.confidence >= 0 && d.confidence <= 1)) {
    bad("$.data.confidence", "must be a number in [0, 1]");
  }
  if (d.action !== "answer" && d.action !== "escalate") bad("$.data.action", "must be answer or escalate");
  checkCode(d.reason, "$.data.reason", bad);
  if (!Number.isSafeInteger(d.latencyUs) || (d.latencyUs as number) < 0) {
    bad("$.data.latencyUs", "must be a non-negative integer");
  }
}

function checkAdmin(d: Obj, bad: Bad): void {
  onlyKeys(d, "$.data", ["action", "details"], bad);
  checkCode(d.action, "$.data.action", bad);
  if (!isObject(d.details)) bad("$.data.details", "must be an object");
}

function checkBilling(d: Obj, bad: Bad): void {
  onlyKeys(d, "$.data", ["event", "quantity", "idempotencyKey", "reverses"], bad);
  checkCode(d.event, "$.data.event", bad);
  if (!Number.isSafeInteger(d.quantity) || (d.quantity as number) < 0) {
    bad("$.data.quantity", "must be a non-negative integer");
  }
  checkKey(d.idempotencyKey, "$.data.idempotencyKey", bad);
  if (d.reverses !== undefined) checkKey(d.reverses, "$.data.reverses", bad);
}

function checkKey(v: unknown, path: string, bad: Bad): void {
  if (typeof v !== "string" || v.length === 0 || v.length > 255 || !/^[\x21-\x7e]+$/.test(v)) {
    bad(path, "must be 1 to 255 printable ASCII characters");
  }
}
