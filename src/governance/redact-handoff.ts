import { isTombstone } from "./retention-policy.js";

/**
 * What retention removes from a conversation: `content` (its text, with its personal data) or only
 * `personal` (customer reference, metadata, CSAT comment).
 */
export type RedactionScope = "content" | "personal";

/** The columns of a handoff that can hold conversation text or personal data. */
interface HandoffText {
  readonly summary: string;
  /** The packet as stored: JSON with `summary`, `transcript[].content`, `customerRef` and `metadata`. */
  readonly packet: string;
  /** The human's resolution note. */
  readonly resolution: string | null;
}

/**
 * A handoff with the scope's text removed, or undefined when nothing is left to remove (already redacted),
 * so running retention twice changes nothing. Pure. The packet keeps its shape — reason, sources,
 * confidence, agent version, one transcript line per message with its role and time — so the inbox and the
 * latency metrics still read it; only the text, the customer reference and the metadata go.
 */
export function redactHandoff(h: HandoffText, scope: RedactionScope, tomb: string): HandoffText | undefined {
  let packet: unknown;
  try {
    packet = JSON.parse(h.packet);
  } catch {
    packet = undefined;
  }
  let changed = false;
  let next: Record<string, unknown> | undefined;
  let replaced = false;
  if (isObject(packet)) {
    next = { ...packet };
    if (next.customerRef !== null && next.customerRef !== undefined) {
      next.customerRef = null;
      changed = true;
    }
    if (isObject(next.metadata) && Object.keys(next.metadata).length > 0) {
      next.metadata = {};
      changed = true;
    }
    if (scope === "content") {
      if (typeof next.summary === "string" && !isTombstone(next.summary)) {
        next.summary = tomb;
        changed = true;
      }
      if (Array.isArray(next.transcript)) {
        next.transcript = next.transcript.map((line: unknown) => {
          if (!isObject(line) || typeof line.content !== "string" || isTombstone(line.content)) return line;
          changed = true;
          return { ...line, content: tomb };
        });
      }
    }
  } else if (scope === "content" && !isTombstone(h.packet)) {
    // Not a packet this code wrote; whatever it holds is conversation text.
    changed = true;
    replaced = true;
  }
  // An empty summary is one the contract's payload left out: there is nothing to remove.
  const summary = scope === "content" && h.summary !== "" && !isTombstone(h.summary) ? tomb : h.summary;
  const resolution =
    scope === "content" && h.resolution !== null && !isTombstone(h.resolution) ? tomb : h.resolution;
  if (!changed && summary === h.summary && resolution === h.resolution) return undefined;
  return {
    summary,
    packet: next ? JSON.stringify(next) : replaced ? JSON.stringify({ removed: tomb }) : h.packet,
    resolution,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
