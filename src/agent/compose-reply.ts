import { sha256Hex } from "../shared/hash.js";
import type { ReasonCode } from "./decide-turn.js";

/** An answer target the agent can quote: a knowledge article or a learned human answer. */
export interface AnswerSource {
  readonly id: string;
  readonly kind: "article" | "learned";
  readonly title: string;
  readonly slug: string | undefined;
  readonly body: string;
}

const EXCERPT_CHARS = 900;

/**
 * The customer-facing text for an answer: the article's opening and its first list of steps, cut at a
 * paragraph boundary, then the citation. Extractive on purpose: the embedded agent never says anything
 * the knowledge base does not say.
 */
export function composeAnswer(source: AnswerSource, reason: ReasonCode): string {
  const lead = reason === "retry_answer" ? "Sorry that didn't help. This may be closer:\n\n" : "";
  const cite =
    source.kind === "article" ? `Source: ${source.title}${source.slug ? ` (/kb/${source.slug})` : ""}` : "";
  return `${lead}${excerpt(source.body)}${cite ? `\n\n${cite}` : ""}`;
}

export function excerpt(markdown: string, limit = EXCERPT_CHARS): string {
  const blocks = markdown
    .replace(/^#\s+.*$/m, "")
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b.length > 0 && !/^#{1,6}\s/.test(b));
  const out: string[] = [];
  let length = 0;
  for (const b of blocks) {
    if (out.length > 0 && length + b.length > limit) break;
    out.push(b.length > limit ? `${b.slice(0, limit).replace(/\s+\S*$/, "")}…` : b);
    length += b.length;
    const isList = /^(\d+\.|[-*])\s/m.test(b);
    if (isList && out.length >= 2) break;
  }
  return out.join("\n\n");
}

const ESCALATION_REPLY: Partial<Record<ReasonCode, string>> = {
  customer_requested_human:
    "Of course — I'm passing you to a person on our support team. They'll reply here.",
  sensitive_topic:
    "This is something a person on our team should handle. I've passed your conversation to them with everything you've told me; they'll reply here.",
  negative_sentiment:
    "I'm sorry this has been frustrating. I've passed your conversation to a person on our team, with the full history, so you won't need to repeat yourself.",
  repeated_failure:
    "I'm sorry I couldn't solve this. I've passed your conversation to a person on our team with what we've tried so far; they'll reply here.",
};

/** The agent's reply for every non-answer turn. */
export function composeReply(reason: ReasonCode): string {
  switch (reason) {
    case "greeting":
      return "Hi! What can I help you with today?";
    case "acknowledged":
      return "Glad that helped! If anything else comes up, just ask.";
    case "not_a_question":
      return "Could you tell me a little more about what you need help with?";
    default:
      return (
        ESCALATION_REPLY[reason] ??
        "I don't have a reliable answer to that, so I've passed your question to a person on our support team. They'll reply here."
      );
  }
}

/** Every reason code (a record, so the compiler insists on each), for the digest below. */
const REASON_CODES = Object.keys({
  answered: true,
  retry_answer: true,
  greeting: true,
  acknowledged: true,
  not_a_question: true,
  customer_requested_human: true,
  low_confidence: true,
  no_knowledge: true,
  repeated_failure: true,
  sensitive_topic: true,
  negative_sentiment: true,
} satisfies Record<ReasonCode, true>) as ReasonCode[];

/**
 * Digest of how the agent words what it sends: every fixed reply, and an answer composed from a sample
 * article (lead, excerpt rule, citation). Part of the agent version id, so a change to any of them is a new
 * version even when knowledge and settings are unchanged.
 */
export const REPLY_DIGEST: string = sha256Hex(
  JSON.stringify([
    REASON_CODES.map(composeReply),
    (["answered", "retry_answer"] as const).map((reason) =>
      composeAnswer(
        {
          id: "art_sample",
          kind: "article",
          title: "Sample",
          slug: "sample",
          body: "# Sample\n\nFirst paragraph.\n\n## Steps\n\n1. One.\n2. Two.\n\nLast paragraph.",
        },
        reason,
      ),
    ),
  ]),
);
