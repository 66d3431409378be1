import type { Db } from "../../store/index.js";
import { buildDecisionEntry } from "../entries/build-entry.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { digestContent } from "../entries/digest-personal-data.js";
import type { DecisionEntry, DecisionSource } from "../entries/entry-schema.js";
import { queueLedgerEntries } from "./sequence-ledger.js";

/** An AI decision as the message path knows it: what its ledger entry records. */
export interface DecisionRecord {
  /** Epoch milliseconds. */
  readonly time: number;
  readonly tenantId: string;
  /** The agent version that decided: the entry's actor and agentVersion. */
  readonly agentVersion: string;
  readonly conversationId: string;
  /** The customer's message the decision answers. */
  readonly messageId: string;
  readonly decisionId: string;
  /** The customer's text and the reply sent; the entry holds only their keyed digests. */
  readonly question: string;
  readonly reply: string;
  /** The tenant's digest key (ledgerDigestKey, read before the transaction). */
  readonly digestKey: Uint8Array;
  readonly sources: readonly DecisionSource[];
  readonly confidence: number;
  readonly action: "answer" | "escalate";
  readonly reason: string;
  readonly latencyUs: number;
}

/** The decision's ledger entry: texts as keyed digests, so the public log never holds what was written. */
export function decisionEntryOf(d: DecisionRecord): CanonicalEntry<DecisionEntry> {
  return buildDecisionEntry({
    time: d.time,
    tenant: d.tenantId,
    actor: { kind: "agent", id: d.agentVersion },
    subject: { conversation: d.conversationId, message: d.messageId, decision: d.decisionId },
    agentVersion: d.agentVersion,
    data: {
      inputDigest: digestContent(d.question, d.digestKey),
      outputDigest: digestContent(d.reply, d.digestKey),
      sources: d.sources, // the builder copies each source's id and score, nothing else
      confidence: d.confidence,
      action: d.action,
      reason: d.reason,
      latencyUs: d.latencyUs,
    },
  });
}

/**
 * Record a decision's entry in the transaction of the message: what the composition root wires as the
 * message path's decision recorder.
 */
export async function recordDecision(trx: Db, decision: DecisionRecord): Promise<void> {
  await queueLedgerEntries(trx, decision.tenantId, [decisionEntryOf(decision)]);
}
