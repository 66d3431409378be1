import { PAYLOAD_FIELDS, type PayloadField } from "../contract/index.js";
import type { ReasonCode } from "./decide-turn.js";

interface TranscriptLine {
  readonly role: "customer" | "ai" | "human" | "system";
  readonly content: string;
  readonly at: number;
}

interface PacketSource {
  readonly id: string;
  readonly title: string;
  readonly score: number;
}

/**
 * What a handoff can carry, in the contract's words (`escalation.handoff.payload`): `reason` is the reason
 * code with its text and detail, `customer` the customer reference, `metadata` the integrator's metadata of
 * the conversation.
 */
export type HandoffField = PayloadField;

/**
 * Everything a human needs to pick up a conversation without asking the customer to repeat anything — or
 * as much of it as the contract's payload allows: a field not in `payload` is absent.
 */
export interface HandoffPacket {
  readonly conversationId: string;
  /** The fields this packet carries (the contract's payload when it was built). */
  readonly payload: readonly HandoffField[];
  readonly reason?: ReasonCode;
  readonly reasonText?: string;
  readonly detail?: string | undefined;
  readonly summary?: string;
  readonly confidence?: number;
  readonly sources?: readonly PacketSource[];
  readonly transcript?: readonly TranscriptLine[];
  readonly customerRef?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly agentVersion: string;
  readonly createdAt: number;
}

const REASON_TEXT: Record<ReasonCode, string> = {
  answered: "answered from the knowledge base",
  retry_answer: "offered the next best answer",
  greeting: "greeting",
  acknowledged: "customer confirmed the answer helped",
  not_a_question: "message had no question",
  customer_requested_human: "the customer asked for a person",
  low_confidence: "no answer was confident enough",
  no_knowledge: "the knowledge base has nothing to answer from",
  repeated_failure: "the customer said the answers did not help",
  sensitive_topic: "the conversation touches a sensitive topic",
  negative_sentiment: "the customer is upset",
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Build the handoff packet: an extractive summary (what was asked, what the agent tried, why it is
 * escalating), the transcript, sources with scores, confidence, the reason, the customer reference and
 * the conversation's metadata — each only when `payload` (the contract's, default every field) lists it.
 */
export function buildHandoffPacket(input: {
  conversationId: string;
  reason: ReasonCode;
  detail: string | undefined;
  confidence: number;
  sources: readonly PacketSource[];
  transcript: readonly TranscriptLine[];
  /** Titles of the answers the agent gave, in order. */
  answeredTitles: readonly string[];
  customerRef: string | null;
  metadata: Readonly<Record<string, string>>;
  agentVersion: string;
  now: number;
  payload?: readonly HandoffField[];
}): HandoffPacket {
  const payload = PAYLOAD_FIELDS.filter((f) => (input.payload ?? PAYLOAD_FIELDS).includes(f));
  const has = (f: HandoffField) => payload.includes(f);
  const questions = input.transcript.filter((l) => l.role === "customer");
  const first = questions[0]?.content ?? "";
  const last = questions.at(-1)?.content ?? "";
  const parts = [`Customer asked: “${clip(first, 240)}”.`];
  if (questions.length > 1 && last !== first) parts.push(`Latest message: “${clip(last, 240)}”.`);
  if (input.answeredTitles.length > 0) {
    parts.push(`The agent answered with ${input.answeredTitles.map((t) => `“${t}”`).join(", then ")}.`);
  } else {
    parts.push("The agent did not give an answer.");
  }
  const why =
    REASON_TEXT[input.reason] +
    (input.detail && input.reason === "sensitive_topic" ? ` (${input.detail})` : "");
  parts.push(`Escalated because ${why}.`);
  return {
    conversationId: input.conversationId,
    payload,
    ...(has("reason")
      ? { reason: input.reason, reasonText: REASON_TEXT[input.reason], detail: input.detail }
      : {}),
    ...(has("summary") ? { summary: parts.join(" ") } : {}),
    ...(has("confidence") ? { confidence: input.confidence } : {}),
    ...(has("sources") ? { sources: input.sources } : {}),
    ...(has("transcript") ? { transcript: input.transcript } : {}),
    ...(has("customer") ? { customerRef: input.customerRef } : {}),
    ...(has("metadata") ? { metadata: input.metadata } : {}),
    agentVersion: input.agentVersion,
    createdAt: input.now,
  };
}
