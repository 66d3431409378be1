import { type ContractPath, formatPath, type PathSegment } from "./contract-path.js";
import { METRIC_NAMES, type SupportContract } from "./contract-schema.js";
import { amountOf } from "./decimal.js";
import { type Finding, lintContract } from "./lint-contract.js";
import type { ContractSource } from "./yaml-source.js";

/**
 * A negotiation redline between two versions of a contract: what changed, where, in words a buyer reads
 * ("notice window shortened from 30 to 14 days"), whether each change is better or worse for the buyer, and
 * which lint findings the new version adds or resolves.
 *
 * Lists are matched by identity, not position, so reordering is not a change and the wording can name
 * what changed: objectives by metric, credit tiers by metric and threshold, triggers by kind, integrations
 * by name, charges by name, roadmap items by item. Lists of names (certifications, payload fields) are
 * compared as sets.
 */

type ChangeKind = "added" | "removed" | "changed";

/**
 * Whether the change moves the contract in the buyer's favour. `incomparable`: the values cannot be
 * compared (amounts in different currencies), so the change is neither better nor worse by itself.
 */
type ChangeDirection = "better" | "worse" | "neutral" | "incomparable";

/** One semantic change. */
export interface ContractChange {
  readonly kind: ChangeKind;
  /** Top-level section (`sla`, `pricing`...). */
  readonly section: string;
  /** YAML path in the new version (in the old one for removals). */
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
  /** Human wording, e.g. "resolution_rate floor lowered 0.60 → 0.50". */
  readonly summary: string;
  readonly direction: ChangeDirection;
  /** Position in the new version (the old one for removals), when sources were given. */
  readonly line?: number;
  readonly column?: number;
}

/** Changes grouped by section, in document order. */
interface SectionChanges {
  readonly section: string;
  readonly changes: readonly ContractChange[];
}

export interface ContractDiff {
  readonly changes: readonly ContractChange[];
  readonly sections: readonly SectionChanges[];
  /** Findings of the new version that the old one did not have (located in the new file). */
  readonly findingsAdded: readonly Finding[];
  /** Findings of the old version that the new one resolves (located in the old file). */
  readonly findingsRemoved: readonly Finding[];
}

interface DiffContractsOptions {
  readonly oldSource?: ContractSource;
  readonly newSource?: ContractSource;
}

/** Compares two valid contracts. */
export function diffContracts(
  oldContract: SupportContract,
  newContract: SupportContract,
  opts: DiffContractsOptions = {},
): ContractDiff {
  const raw: RawChange[] = [];
  diffValue(oldContract, newContract, { oldPath: [], newPath: [], generic: "", labels: [] }, raw);
  const judge = judging(oldContract, newContract);
  const changes = raw.map((c) => finish(c, opts, judge));
  const order = Object.keys(newContract).concat(Object.keys(oldContract));
  const sectionNames = [...new Set(changes.map((c) => c.section))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  const sections = sectionNames.map((section) => ({
    section,
    changes: changes.filter((c) => c.section === section),
  }));

  const oldFindings = lintContract(oldContract, opts.oldSource);
  const newFindings = lintContract(newContract, opts.newSource);
  return Object.freeze({
    changes: Object.freeze(changes),
    sections: Object.freeze(sections),
    findingsAdded: Object.freeze(subtract(newFindings, oldFindings)),
    findingsRemoved: Object.freeze(subtract(oldFindings, newFindings)),
  });
}

// Findings are matched on rule and message, not path: removing an earlier list item shifts indexes without
// changing the finding. Counted as multisets so two identical findings need two matches.
function subtract(from: readonly Finding[], other: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of other) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return from.filter((f) => {
    const n = counts.get(findingKey(f)) ?? 0;
    if (n === 0) return true;
    counts.set(findingKey(f), n - 1);
    return false;
  });
}

const findingKey = (f: Finding) => `${f.ruleId}|${f.message}`;

// ---------------------------------------------------------------------------------------------------------
// Structural diff

interface Context {
  readonly oldPath: readonly PathSegment[];
  readonly newPath: readonly PathSegment[];
  /** Path with list positions replaced by `[]`, e.g. `sla.objectives[].floor`: selects wording and direction. */
  readonly generic: string;
  /** Identity labels of the list items passed through, e.g. ["resolution_rate"] or ["resolutions", "tier 2"]. */
  readonly labels: readonly string[];
}

interface RawChange {
  readonly kind: ChangeKind;
  readonly ctx: Context;
  readonly old?: unknown;
  readonly new?: unknown;
}

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || typeof v !== "object";

function enter(
  ctx: Context,
  oldSeg: PathSegment | undefined,
  newSeg: PathSegment | undefined,
  label?: string,
): Context {
  const isIndex = typeof (newSeg ?? oldSeg) === "number";
  const key = String(newSeg ?? oldSeg);
  return {
    oldPath: oldSeg === undefined ? ctx.oldPath : [...ctx.oldPath, oldSeg],
    newPath: newSeg === undefined ? ctx.newPath : [...ctx.newPath, newSeg],
    generic: isIndex ? `${ctx.generic}[]` : ctx.generic === "" ? key : `${ctx.generic}.${key}`,
    labels: label === undefined ? ctx.labels : [...ctx.labels, label],
  };
}

function diffValue(a: unknown, b: unknown, ctx: Context, out: RawChange[]): void {
  if (isPlain(a) && isPlain(b)) {
    for (const key of Object.keys(b)) {
      if (key in a) diffValue(a[key], b[key], enter(ctx, key, key), out);
      else out.push({ kind: "added", ctx: enter(ctx, undefined, key), new: b[key] });
    }
    for (const key of Object.keys(a)) {
      if (!(key in b)) out.push({ kind: "removed", ctx: enter(ctx, key, undefined), old: a[key] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffList(a, b, ctx, out);
    return;
  }
  if (!deepEqual(a, b)) out.push({ kind: "changed", ctx, old: a, new: b });
}

/** How items of a list are identified, by generic path; lists not named here are compared by position. */
const IDENTITY: Record<string, (item: Plain, index: number) => string> = {
  "sla.objectives": (o) => [o.metric, o.integration, o.percentile].filter(Boolean).join(" "),
  "sla.credits.tiers": (t) =>
    [
      t.metric,
      t.integration,
      t.below !== undefined ? `below ${t.below}` : t.above !== undefined ? `above ${t.above}` : "on miss",
    ]
      .filter(Boolean)
      .join(" "),
  "pilot.successCriteria": (c) => [c.metric, c.integration].filter(Boolean).join(" "),
  "escalation.triggers": (t) => String(t.kind),
  integrations: (i) => String(i.name),
  "pricing.charges": (c, i) => String(c.name ?? c.billableEvent ?? `charge ${i + 1}`),
  "pricing.charges[].tiers": (_t, i) => `tier ${i + 1}`,
  "pricing.implementation.oneTime": (c) => String(c.item),
  "pricing.implementation.recurring": (c) => String(c.item),
  "roadmap.commitments": (c) => String(c.item),
};

function diffList(a: readonly unknown[], b: readonly unknown[], ctx: Context, out: RawChange[]): void {
  if (a.every(isScalar) && b.every(isScalar)) {
    // Lists of names are sets: report what joined and what left.
    b.forEach((v, i) => {
      if (!a.some((x) => x === v)) out.push({ kind: "added", ctx: enter(ctx, undefined, i), new: v });
    });
    a.forEach((v, i) => {
      if (!b.some((x) => x === v)) out.push({ kind: "removed", ctx: enter(ctx, i, undefined), old: v });
    });
    return;
  }
  const identify = IDENTITY[ctx.generic];
  const keyOf = (item: unknown, i: number) => (identify && isPlain(item) ? identify(item, i) : `#${i}`);
  const oldKeys = a.map(keyOf);
  const newKeys = b.map(keyOf);
  b.forEach((item, j) => {
    const label = newKeys[j] ?? `#${j}`;
    const i = oldKeys.indexOf(label);
    if (i < 0) out.push({ kind: "added", ctx: enter(ctx, undefined, j, label), new: item });
    else diffValue(a[i], item, enter(ctx, i, j, label), out);
  });
  a.forEach((item, i) => {
    const label = oldKeys[i] ?? `#${i}`;
    if (!newKeys.includes(label))
      out.push({ kind: "removed", ctx: enter(ctx, i, undefined, label), old: item });
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Wording and direction

/**
 * Values from best to worst are judged by position: a later one is better for the buyer. An inner list
 * holds values that are equally good (a change between them is neutral).
 */
type Ranking = readonly (string | readonly string[])[];

type Better =
  | "higher"
  | "lower"
  | Ranking
  | ((oldValue: unknown, newValue: unknown, labels: readonly string[]) => ChangeDirection);

interface FieldWords {
  /** Noun phrase; `{0}`, `{1}` are replaced by the labels of the enclosing list items. */
  readonly noun: string;
  readonly unit?: string;
  readonly up?: string;
  readonly down?: string;
  readonly better?: Better;
  /** Compare as money (decimal strings in the pricing currency). */
  readonly money?: boolean;
  /** Compare as dates (`YYYY-MM-DD`). */
  readonly date?: boolean;
  /**
   * What the contract means when the key is absent. When set, adding the key is judged as a change from
   * this value and removing it as a change to it: adding `aiOutputExcluded: true` is worse for the buyer,
   * adding `rollback.onRequest: false` changes nothing.
   */
  readonly absent?: unknown;
}

/** What the judgement needs beyond the change itself. */
interface Judging {
  /** `pricing.currency` of each version; money is comparable only in the same currency. */
  readonly oldCurrency: string | undefined;
  readonly newCurrency: string | undefined;
  readonly oldCertifications: readonly unknown[];
  readonly newCertifications: readonly unknown[];
}

const DAYS = { unit: "days", up: "extended", down: "shortened" } as const;
const FLAG_FOR_BUYER = { better: "higher", absent: false } as const;
/** Costs the buyer pays: lower is better, and adding one where there was none is worse. */
const COST = { money: true, better: "lower", absent: "0" } as const;

/**
 * Certifications another one includes: a SOC 2 Type 2 report covers the Type 1 design assessment and adds
 * months of tested operation; an ISO 27701 certificate is an extension that requires ISO 27001. Dropping
 * one while keeping (or adding) what includes it takes nothing from the buyer.
 */
const INCLUDED_IN: Readonly<Record<string, readonly string[]>> = {
  "soc2-type-1": ["soc2-type-2"],
  "iso-27001": ["iso-27701"],
};

/** Pilot thresholds are minimums for rates and csat, a maximum in seconds for escalation latency. */
const pilotThreshold = (a: unknown, b: unknown, labels: readonly string[]): ChangeDirection =>
  compareNumbers(a, b, labels[0]?.startsWith("escalation_latency") ? "lower" : "higher");

/** Buyer's-eye wording for the fields that matter in a negotiation; others get generic wording. */
const WORDS: Record<string, FieldWords> = {
  "term.end": { noun: "term end" },
  "term.renewal.noticeDays": { noun: "renewal notice", ...DAYS, better: "lower" },
  // Automatic renewal binds the buyer unless they act in time; manual renewal and none both leave the
  // decision with the buyer.
  "term.renewal.kind": { noun: "renewal", better: ["auto", ["manual", "none"]] },
  "pilot.onFail": {
    noun: "what happens when the pilot fails",
    better: ["convert", "extend", "renegotiate", "exit-without-penalty"],
  },
  "pilot.successCriteria[].threshold": {
    noun: "{0} pilot threshold",
    up: "raised",
    down: "lowered",
    better: pilotThreshold,
  },
  "sla.resolution.inactivityHours": {
    noun: "inactivity window",
    unit: "hours",
    up: "extended",
    down: "shortened",
    better: "higher",
  },
  "sla.resolution.durabilityDays": { noun: "durability window", ...DAYS, better: "higher" },
  "sla.objectives[].floor": { noun: "{0} floor", up: "raised", down: "lowered", better: "higher" },
  "sla.objectives[].max": {
    noun: "{0} max",
    unit: "seconds",
    up: "raised",
    down: "lowered",
    better: "lower",
  },
  "sla.objectives[].window": { noun: "{0} window" },
  "sla.objectives[].measurement.qaSampleSize": { noun: "{0} QA sample", unit: "answers", better: "higher" },
  // A period with fewer conversations (or responses) than the minimum is not assessed, so it cannot breach.
  "sla.objectives[].measurement.minimumSample": {
    noun: "{0} minimum sample",
    unit: "conversations",
    better: "lower",
  },
  "sla.objectives[].measurement.minimumResponses": {
    noun: "{0} minimum responses",
    unit: "responses",
    better: "lower",
  },
  "sla.objectives[].measurement.source": {
    noun: "who measures {0}",
    better: ["vendor", "customer", "independent", "vouch"],
  },
  "sla.objectives[].measurement.reviewer": {
    noun: "who reviews {0}",
    better: ["vendor", "joint", ["customer", "independent"]],
  },
  "sla.credits.cap": { noun: "credit cap", unit: "percent", up: "raised", down: "lowered", better: "higher" },
  "sla.credits.tiers[].percent": {
    noun: "{0} credit",
    unit: "percent",
    up: "raised",
    down: "cut",
    better: "higher",
  },
  "sla.termination.consecutiveBreaches": {
    noun: "consecutive missed periods before termination",
    better: "lower",
  },
  "sla.termination.breaches": { noun: "missed periods (M) before termination", better: "lower" },
  "sla.termination.ofLastPeriods": { noun: "termination look-back (K)", unit: "periods", better: "higher" },
  "sla.termination.penalty": { noun: "termination penalty", better: ["early-termination-fee", "none"] },
  "sla.termination.refundPrepaidFees": { noun: "refund of prepaid fees on termination", ...FLAG_FOR_BUYER },
  // Both thresholds escalate below them: a higher low-confidence threshold or a negative-sentiment
  // threshold nearer 0 sends more conversations to a person.
  "escalation.triggers[].threshold": {
    noun: "{0} threshold",
    up: "raised",
    down: "lowered",
    better: "higher",
  },
  "escalation.triggers[].attempts": { noun: "{0} attempts before a person takes over", better: "lower" },
  "escalation.handoff.maxDelaySeconds": { noun: "handoff delivery time", unit: "seconds", better: "lower" },
  "escalation.handoff.fallback.maxDelayMinutes": {
    noun: "fallback delivery time",
    unit: "minutes",
    better: "lower",
  },
  "changeManagement.noticeDays": { noun: "notice window", ...DAYS, better: "higher" },
  "changeManagement.significantChange.definedBy": {
    noun: "who defines a significant change",
    better: ["vendor", "contract"],
  },
  "changeManagement.parallelTesting.shadowTrafficShare": { noun: "shadow traffic share", better: "higher" },
  "changeManagement.parallelTesting.minimumDays": { noun: "minimum parallel run", ...DAYS, better: "higher" },
  "changeManagement.parallelTesting.minimumSample": { noun: "minimum parallel sample", better: "higher" },
  "changeManagement.parallelTesting.goldenSet": { noun: "golden-set evaluation", ...FLAG_FOR_BUYER },
  "changeManagement.rollback.onRequest": { noun: "rollback on request", ...FLAG_FOR_BUYER },
  "changeManagement.rollback.automaticOnBreach": {
    noun: "automatic rollback on breach",
    ...FLAG_FOR_BUYER,
  },
  "changeManagement.rollback.maxHours": {
    noun: "maximum time to roll back",
    unit: "hours",
    up: "lengthened",
    down: "shortened",
    better: "lower",
  },
  "changeManagement.customerApproval": {
    noun: "changes needing your approval",
    better: ["none", "significant", "all"],
  },
  // A smaller evaluation delta makes more changes significant (notice, parallel testing, approval).
  ...Object.fromEntries(
    METRIC_NAMES.map((m) => [
      `changeManagement.significantChange.evaluationDeltas.${m}`,
      { noun: `${m} delta that makes a change significant`, better: "lower" } satisfies FieldWords,
    ]),
  ),
  "data.ownership": { noun: "data ownership", better: ["vendor", "joint", "customer"] },
  "data.trainingUse": { noun: "training use", better: ["shared", "tenant-only", "none"] },
  "data.residency.region": { noun: "data residency" },
  "data.residency.processing": { noun: "processing location", better: ["anywhere", "in-region"] },
  "data.encryption.atRest": { noun: "encryption at rest", better: ["none", "aes-128", "aes-256"] },
  "data.encryption.inTransit": { noun: "encryption in transit", better: ["none", "tls-1.2", "tls-1.3"] },
  "data.encryption.keys": {
    noun: "encryption keys",
    better: ["vendor-managed", "per-tenant", "customer-managed"],
  },
  "data.export.deliveryDays": {
    noun: "export delivery time",
    unit: "days",
    up: "lengthened",
    down: "shortened",
    better: "lower",
  },
  "data.deletionOnTermination.days": { noun: "deletion after termination", unit: "days", better: "lower" },
  "data.deletionOnTermination.certified": { noun: "certified deletion", ...FLAG_FOR_BUYER },
  "data.certifications[]": { noun: "certification" },
  "data.export.formats[]": { noun: "export format" },
  "data.export.includes[]": { noun: "export content" },
  "escalation.handoff.payload[]": { noun: "handoff payload field" },
  "changeManagement.significantChange.kinds[]": { noun: "significant change kind" },
  "audit.records[]": { noun: "audit record" },
  "metadata.regulations[]": { noun: "regulation" },
  "audit.decisionLogs": { noun: "decision logs", ...FLAG_FOR_BUYER },
  "audit.verifiableLedger": { noun: "verifiable ledger", ...FLAG_FOR_BUYER },
  "audit.retentionDays": { noun: "audit retention", ...DAYS, better: "higher" },
  "audit.requestFulfilmentDays": {
    noun: "audit request deadline",
    unit: "days",
    up: "lengthened",
    down: "shortened",
    better: "lower",
  },
  "liability.vendorControlledContent": {
    noun: "accountability for vendor-controlled content",
    better: ["customer", "shared", "vendor"],
  },
  "liability.aiOutputExcluded": {
    noun: "exclusion of liability for AI output",
    better: "lower",
    absent: false,
  },
  "liability.cap.feesMonths": { noun: "liability cap", unit: "months of fees", better: "higher" },
  "liability.cap.amount": { noun: "liability cap amount", money: true, better: "higher" },
  "integrations[].scope": { noun: "{0} scope", better: ["roadmap", "separately-priced", "included"] },
  "integrations[].price": { noun: "{0} price", ...COST },
  "integrations[].availableBy": { noun: "{0} availability date", date: true, better: "lower" },
  "integrations[].reliability.availability": {
    noun: "{0} reliability floor",
    up: "raised",
    down: "lowered",
    better: "higher",
  },
  "integrations[].reliability.p95LatencyMs": { noun: "{0} p95 latency limit", unit: "ms", better: "lower" },
  "pricing.currency": { noun: "currency" },
  "pricing.platformFee": { noun: "platform fee", ...COST },
  "pricing.overageCap": { noun: "overage cap", money: true, better: "lower" },
  "pricing.minimumCommitment": { noun: "minimum commitment", ...COST },
  "pricing.charges[].model": {
    noun: "{0} pricing model",
    better: (a, b) =>
      b === "volume" && a !== "volume" ? "worse" : a === "volume" && b !== "volume" ? "better" : "neutral",
  },
  "pricing.charges[].billableEvent": { noun: "{0} billable event" },
  "pricing.charges[].unitAmount": { noun: "{0} unit price", ...COST },
  "pricing.charges[].freeUnits": { noun: "{0} free units", better: "higher", absent: 0 },
  "pricing.charges[].tiers[].unitAmount": { noun: "{0} {1} unit price", ...COST },
  "pricing.charges[].tiers[].flatAmount": { noun: "{0} {1} flat amount", ...COST },
  "pricing.charges[].tiers[].upTo": { noun: "{0} {1} upper bound" },
  "pricing.implementation.estimate": { noun: "implementation estimate", ...COST },
  "pricing.implementation.oneTime[].amount": { noun: "{0} one-time cost", ...COST },
  "pricing.implementation.recurring[].amount": { noun: "{0} recurring cost", ...COST },
  "roadmap.commitments[].due": { noun: "{0} due date", date: true, better: "lower" },
};

/** Sections where having a clause protects the buyer: adding one is better, removing one worse. */
const PROTECTIVE_SECTIONS = new Set([
  "pilot",
  "sla",
  "escalation",
  "changeManagement",
  "data",
  "integrations",
  "audit",
  "liability",
  "roadmap",
]);

/** Pricing items that cost the buyer: adding one is worse, removing one better. */
const PRICED_ITEMS = new Set([
  "pricing.charges[]",
  "pricing.implementation.oneTime[]",
  "pricing.implementation.recurring[]",
]);

function judging(a: SupportContract, b: SupportContract): Judging {
  return {
    oldCurrency: a.pricing?.currency,
    newCurrency: b.pricing?.currency,
    oldCertifications: a.data?.certifications ?? [],
    newCertifications: b.data?.certifications ?? [],
  };
}

function finish(change: RawChange, opts: DiffContractsOptions, judge: Judging): ContractChange {
  const { ctx } = change;
  const path = change.kind === "removed" ? ctx.oldPath : ctx.newPath;
  const section = String(path[0] ?? "");
  const position =
    change.kind === "removed" ? opts.oldSource?.locate(ctx.oldPath) : opts.newSource?.locate(ctx.newPath);
  const oldText = render(change.old, opts.oldSource, ctx.oldPath);
  const newText = render(change.new, opts.newSource, ctx.newPath);
  const words = WORDS[ctx.generic];
  const noun = words ? fill(words.noun, ctx.labels) : genericNoun(ctx, change.kind);
  const currencyChanged = judge.oldCurrency !== judge.newCurrency;
  const incomparable = change.kind === "changed" && words?.money === true && currencyChanged;
  const included = includedBy(change, ctx.generic, judge);
  const direction = incomparable
    ? "incomparable"
    : included
      ? "neutral"
      : directionOf(change, words, section);

  let summary: string;
  if (incomparable) {
    summary = `${noun} changed ${oldText} ${judge.oldCurrency ?? "(no currency)"} → ${newText} ${judge.newCurrency ?? "(no currency)"}: different currencies, not comparable`;
  } else if (change.kind === "changed") {
    const verb = numericVerb(change.old, change.new, words);
    const unit = words?.unit;
    summary =
      verb && unit
        ? `${noun} ${verb} from ${oldText} to ${newText} ${unit}`
        : `${noun} ${verb ?? "changed"} ${oldText} → ${newText}`;
    if (ctx.generic === "pricing.currency") summary += ": amounts in the two versions are not comparable";
  } else if (change.kind === "added") {
    summary = isScalar(change.new) ? `${noun} ${withUnit(newText, words)} added` : `${noun} added`;
  } else {
    summary = isScalar(change.old) ? `${noun} ${withUnit(oldText, words)} removed` : `${noun} removed`;
  }
  if (included) summary += ` (${included})`;

  return Object.freeze({
    kind: change.kind,
    section,
    path: formatPath(path),
    ...(change.old !== undefined ? { old: change.old } : {}),
    ...(change.new !== undefined ? { new: change.new } : {}),
    summary,
    direction,
    ...(position ? { line: position.line, column: position.column } : {}),
  });
}

/**
 * Why a certification leaving or joining the list takes nothing from the buyer, or undefined: it left
 * while one that includes it is held, or it joined where one that includes it was already held.
 */
function includedBy(change: RawChange, generic: string, judge: Judging): string | undefined {
  if (generic !== "data.certifications[]" || change.kind === "changed") return undefined;
  const cert = String(change.kind === "removed" ? change.old : change.new);
  const holders = INCLUDED_IN[cert] ?? [];
  if (change.kind === "removed") {
    const by = holders.find((h) => judge.newCertifications.includes(h));
    return by && `included in ${by}, which the new version holds`;
  }
  const by = holders.find((h) => judge.oldCertifications.includes(h));
  return by && `included in ${by}, which the old version held`;
}

function withUnit(text: string, words: FieldWords | undefined): string {
  return words?.unit ? `${text} ${words.unit}` : text;
}

function fill(template: string, labels: readonly string[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => labels[Number(i)] ?? "");
}

/** "sla.credits.tiers[resolution_rate below 0.5].percent"-style noun when no wording is defined. */
function genericNoun(ctx: Context, kind: ChangeKind): string {
  const path = kind === "removed" ? ctx.oldPath : ctx.newPath;
  let labelIndex = 0;
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === "number") {
      const label = ctx.labels[labelIndex++];
      parts.push(label && !label.startsWith("#") ? `[${label}]` : `[${segment}]`);
    } else {
      parts.push(parts.length === 0 ? segment : `.${segment}`);
    }
  }
  return parts.join("");
}

function render(value: unknown, source: ContractSource | undefined, path: ContractPath): string {
  if (value === undefined) return "";
  if (isScalar(value)) {
    // Prefer the text as written: "0.60", not 0.6.
    const written = source?.scalarText(path);
    if (written !== undefined) return written;
    return typeof value === "string" ? value : String(value);
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function toNumber(value: unknown, words: FieldWords | undefined): number | bigint | undefined {
  if (words?.money && typeof value === "string") return amountOf(value);
  if (words?.date && typeof value === "string") {
    const t = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return undefined;
}

function numericVerb(a: unknown, b: unknown, words: FieldWords | undefined): string | undefined {
  if (typeof a === "boolean" || typeof b === "boolean") return undefined;
  const x = toNumber(a, words);
  const y = toNumber(b, words);
  if (x === undefined || y === undefined || x === y) return undefined;
  return y > x ? (words?.up ?? "raised") : (words?.down ?? "lowered");
}

function compareNumbers(
  a: unknown,
  b: unknown,
  better: "higher" | "lower",
  words?: FieldWords,
): ChangeDirection {
  const x = toNumber(a, words);
  const y = toNumber(b, words);
  if (x === undefined || y === undefined || x === y) return "neutral";
  return y > x === (better === "higher") ? "better" : "worse";
}

/** Position of a value in a ranking (tied values share one), or -1. */
function rankOf(ranking: Ranking, value: unknown): number {
  return ranking.findIndex((r) => (typeof r === "string" ? r === value : r.includes(String(value))));
}

/** Direction of a change from `a` to `b` by the field's own measure. */
function compareValues(a: unknown, b: unknown, better: Better, words: FieldWords, labels: readonly string[]) {
  if (typeof better === "function") return better(a, b, labels);
  if (typeof better === "string") return compareNumbers(a, b, better, words);
  const i = rankOf(better, a);
  const j = rankOf(better, b);
  if (i < 0 || j < 0 || i === j) return "neutral";
  return j > i ? "better" : "worse";
}

function directionOf(change: RawChange, words: FieldWords | undefined, section: string): ChangeDirection {
  const better = words?.better;
  const labels = change.ctx.labels;
  if (change.kind === "changed") {
    return better === undefined ? "neutral" : compareValues(change.old, change.new, better, words!, labels);
  }
  if (better !== undefined && words && "absent" in words) {
    return change.kind === "added"
      ? compareValues(words.absent, change.new, better, words, labels)
      : compareValues(change.old, words.absent, better, words, labels);
  }
  // A term at its worst for the buyer (`trainingUse: shared`) is worse when added and better when removed.
  if (Array.isArray(better)) {
    const value = change.kind === "added" ? change.new : change.old;
    if (rankOf(better, value) === 0) return change.kind === "added" ? "worse" : "better";
  }
  const generic = change.ctx.generic;
  if (section === "pricing") {
    if (generic === "pricing.overageCap") return change.kind === "added" ? "better" : "worse";
    if (PRICED_ITEMS.has(generic)) return change.kind === "added" ? "worse" : "better";
    return "neutral";
  }
  if (!PROTECTIVE_SECTIONS.has(section)) return "neutral";
  return change.kind === "added" ? "better" : "worse";
}
