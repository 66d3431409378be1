import { sha256Hex } from "../shared/hash.js";
import type { ReasonCode } from "./decide-turn.js";
import { renderPassage } from "./retrieval/render-passage.js";

/** A passage the agent can answer with: the text it quotes and where that text is cited. */
export interface AnswerSource {
  /** The passage's id (what decisions record as the answer). */
  readonly id: string;
  /** The article (`art_…`) or learned answer (`ex_…`) it is part of. */
  readonly sourceId: string;
  readonly kind: "article" | "learned";
  readonly title: string;
  readonly slug: string | undefined;
  /** The section's anchor in the article ("" for its top). */
  readonly anchor: string;
  /** The heading of the passage's section, if it has one. */
  readonly section: string | undefined;
  /** What is quoted, as Markdown: the passage with the adjacent ones of its section that belong with it. */
  readonly body: string;
}

/** How a channel shows text: Markdown where it is rendered (the widget, the API), plain text elsewhere. */
export type ReplyFormat = "markdown" | "text";

/** Channels that cannot render Markdown: their answers are sent as plain text. */
const PLAIN_TEXT_CHANNELS = new Set(["email", "sms", "voice"]);

/** The reply format of a conversation's channel. */
export function replyFormatOf(channel: string): ReplyFormat {
  return PLAIN_TEXT_CHANNELS.has(channel) ? "text" : "markdown";
}

/**
 * The customer-facing text for an answer: the passage that answers the question, as the source says it,
 * then the citation (article, section and link). Extractive on purpose: the embedded agent never says
 * anything the knowledge base does not say.
 */
export function composeAnswer(source: AnswerSource, reason: ReasonCode, format: ReplyFormat): string {
  const lead = reason === "retry_answer" ? "Sorry that didn't help. This may be closer:\n\n" : "";
  return `${lead}${renderPassage(source.body, format)}${citationLine(source)}`;
}

function citationLine(source: AnswerSource): string {
  if (source.kind !== "article") return "";
  const where = source.section ? `${source.title} › ${source.section}` : source.title;
  const link = source.slug ? ` (/kb/${source.slug}${source.anchor ? `#${source.anchor}` : ""})` : "";
  return `\n\nSource: ${where}${link}`;
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
 * passage in both formats (lead, rendering, citation). Part of the agent version id, so a change to any of them is a new
 * version even when knowledge and settings are unchanged.
 */
export const REPLY_DIGEST: string = sha256Hex(
  JSON.stringify([
    REASON_CODES.map(composeReply),
    (["answered", "retry_answer"] as const).flatMap((reason) =>
      (["markdown", "text"] as const).map((format) =>
        composeAnswer(
          {
            id: "art_sample#steps",
            sourceId: "art_sample",
            kind: "article",
            title: "Sample",
            slug: "sample",
            anchor: "steps",
            section: "Steps",
            body: "To start:\n\n1. **One** with [a link](https://example.com).\n2. `Two`.",
          },
          reason,
          format,
        ),
      ),
    ),
  ]),
);
