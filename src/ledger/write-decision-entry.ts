import type { CanonicalEntry, EntryInput } from "./build-entry.js";
import { EncodedEntry } from "./encoded-entry.js";
import {
  ACTOR_KINDS,
  type ActorKind,
  CODE_PATTERN,
  type DecisionData,
  type DecisionEntry,
  isDigest,
  isId,
  MAX_SOURCES,
  MAX_SUBJECT_KINDS,
  SUBJECT_KIND_PATTERN,
} from "./entry-schema.js";
import { formatIsoTime } from "./format-iso-time.js";

/**
 * The decision entry of `input`, checked and written directly, or undefined when any field breaks a rule
 * of validateEntry (buildDecisionEntry then takes the general path, which names every problem).
 *
 * A customer message makes one decision entry, so this is on the message path. The general path assembles
 * the entry, validates it member by member with problem paths, and serialises it; this one tests each field
 * once and writes the canonical text (RFC 8785) as a template. That the template is the canonical form
 * follows from the rules it checks: every string is an ASCII id, code, digest, time or subject kind (none
 * contains a character JSON escapes), every number is finite (a template prints it as JSON.stringify and
 * JCS do, −0 as 0, and the entry value holds 0 too), and members are written in sorted order. The
 * property test in entries.test.ts holds it to the general path over arbitrary input: same acceptance,
 * same bytes.
 */
export function writeDecisionEntry(
  input: EntryInput & { readonly data: DecisionData },
): CanonicalEntry<DecisionEntry> | undefined {
  const { actor, tenant, agentVersion, data: d } = input;
  const time = formatIsoTime(input.time);
  if (time === undefined) return undefined;
  if (!isId(tenant) || !isId(actor.id) || !ACTOR_KINDS.includes(actor.kind as ActorKind)) return undefined;
  if (agentVersion !== undefined && !isId(agentVersion)) return undefined;

  const given = input.subject ?? {};
  const kinds = Object.keys(given);
  if (kinds.length > MAX_SUBJECT_KINDS) return undefined;
  // In code-unit order, as Array.prototype.sort puts them; for a few keys an insertion sort took the
  // writer from 3.45 to 2.93 µs.
  for (let i = 1; i < kinds.length; i++) {
    const kind = kinds[i]!;
    let j = i;
    for (; j > 0 && kinds[j - 1]! > kind; j--) kinds[j] = kinds[j - 1]!;
    kinds[j] = kind;
  }
  const subject: Record<string, string> = {};
  let subjectText = "";
  for (const kind of kinds) {
    // The pattern rules out __proto__, so assigning the member is defining it.
    const id = given[kind];
    if (!SUBJECT_KIND_PATTERN.test(kind) || !isId(id)) return undefined;
    subject[kind] = id;
    subjectText += `${subjectText === "" ? "" : ","}"${kind}":"${id}"`;
  }

  if (!isDigest(d.inputDigest) || (d.outputDigest !== undefined && !isDigest(d.outputDigest))) {
    return undefined;
  }
  if (typeof d.confidence !== "number" || !(d.confidence >= 0 && d.confidence <= 1)) return undefined;
  if (d.action !== "answer" && d.action !== "escalate") return undefined;
  if (typeof d.reason !== "string" || !CODE_PATTERN.test(d.reason)) return undefined;
  if (!Number.isSafeInteger(d.latencyUs) || d.latencyUs < 0) return undefined;
  if (!Array.isArray(d.sources) || d.sources.length > MAX_SOURCES) return undefined;
  const sources = new Array<Readonly<{ id: string; score: number }>>(d.sources.length);
  let sourcesText = "";
  for (let i = 0; i < sources.length; i++) {
    const { id, score } = d.sources[i]!;
    if (!isId(id) || typeof score !== "number" || !Number.isFinite(score)) return undefined;
    sources[i] = Object.freeze({ id, score: score + 0 });
    sourcesText += `${i === 0 ? "" : ","}{"id":"${id}","score":${score}}`;
  }

  const text =
    `{"actor":{"id":"${actor.id}","kind":"${actor.kind}"},` +
    (agentVersion === undefined ? "" : `"agentVersion":"${agentVersion}",`) +
    `"data":{"action":"${d.action}","confidence":${d.confidence},"inputDigest":"${d.inputDigest}",` +
    `"latencyUs":${d.latencyUs},` +
    (d.outputDigest === undefined ? "" : `"outputDigest":"${d.outputDigest}",`) +
    `"reason":"${d.reason}","sources":[${sourcesText}]},"subject":{${subjectText}},` +
    `"tenant":"${tenant}","time":"${time}","type":"decision","v":1}`;

  // Numbers as the text has them: −0 is written 0, and −0 + 0 is 0.
  const data: DecisionData = Object.freeze({
    action: d.action,
    confidence: d.confidence + 0,
    inputDigest: d.inputDigest,
    latencyUs: d.latencyUs + 0,
    ...(d.outputDigest === undefined ? {} : { outputDigest: d.outputDigest }),
    reason: d.reason,
    sources: Object.freeze(sources),
  });
  const entry: DecisionEntry = Object.freeze({
    actor: Object.freeze({ id: actor.id, kind: actor.kind }),
    ...(agentVersion === undefined ? {} : { agentVersion }),
    data,
    subject: Object.freeze(subject),
    tenant,
    time,
    type: "decision",
    v: 1,
  });
  return new EncodedEntry(entry, text, input.time);
}
