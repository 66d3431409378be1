import { type Db, forUpdate } from "../store/index.js";
import { type RedactionScope, redactHandoff } from "./redact-handoff.js";
import { type RetentionCounts, TOMBSTONE_PREFIX } from "./retention-policy.js";

/** A position in the (last activity, conversation id) order the batches walk. */
export interface ConversationCursor {
  readonly at: number;
  readonly id: string;
}

interface ConversationBatchInput {
  readonly scope: RedactionScope;
  /** Lower bound on last activity (inclusive): what earlier runs have not covered; null for none. */
  readonly from: number | null;
  /** Upper bound on last activity (exclusive): the cutoff. */
  readonly before: number;
  /** Resume after this position (the previous batch's last row). */
  readonly after: ConversationCursor | undefined;
  readonly limit: number;
  /** The tombstone for removed text (`content` scope). */
  readonly tombstone: string;
}

export interface ConversationBatch {
  readonly counts: Partial<RetentionCounts>;
  /** The last conversation of the batch, to resume after; undefined when the batch was empty. */
  readonly last: ConversationCursor | undefined;
  /** Rows examined: fewer than the limit means the range is exhausted. */
  readonly size: number;
}

const NOT_TOMBSTONE = `${TOMBSTONE_PREFIX}%`;

/**
 * One batch of the conversations whose last activity falls in [from, before), in the caller's
 * transaction: their personal data is cleared (customer reference, integrator metadata, CSAT comment, the
 * customer reference copied into handoff packets) and, for the `content` scope, every message's text, the
 * handoff summaries, transcript copies and resolution notes are replaced by the tombstone. Rows, decisions,
 * outcomes and ratings stay. Only what is not already removed is changed and counted, so a batch that runs
 * twice changes nothing the second time.
 *
 * On PostgreSQL the conversations are locked (FOR UPDATE, in id order) as on the message path, so a customer
 * message arriving meanwhile waits, and then adds to a conversation whose old text is gone; one that
 * committed first has moved the conversation out of the range, which the locked read re-checks.
 */
export async function redactConversationBatch(
  trx: Db,
  tenantId: string,
  input: ConversationBatchInput,
): Promise<ConversationBatch> {
  let query = trx
    .selectFrom("conversations")
    .select(["conversation_id", "last_message_at", "customer_ref", "metadata"])
    .where("tenant_id", "=", tenantId)
    .where("last_message_at", "<", input.before);
  if (input.from !== null) query = query.where("last_message_at", ">=", input.from);
  const after = input.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("last_message_at", ">", after.at),
        eb.and([eb("last_message_at", "=", after.at), eb("conversation_id", ">", after.id)]),
      ]),
    );
  }
  const candidates = await query
    .orderBy("last_message_at")
    .orderBy("conversation_id")
    .limit(input.limit)
    .execute();
  const tail = candidates.at(-1);
  if (!tail) return { counts: {}, last: undefined, size: 0 };
  // Lock them apart from the paged read: with LIMIT, PostgreSQL drops a locked row that no longer matches
  // and returns fewer rows, which would look like the end of the range. A conversation a message moved out
  // of the range meanwhile is left alone: conversations are judged by their last activity, and it was just
  // active. (On SQLite nothing can have moved: the transaction holds the write lock since the paged read.)
  const rows = await forUpdate(
    trx,
    trx
      .selectFrom("conversations")
      .select(["conversation_id", "last_message_at", "customer_ref", "metadata"])
      .where("tenant_id", "=", tenantId)
      .where(
        "conversation_id",
        "in",
        candidates.map((c) => c.conversation_id),
      )
      .where("last_message_at", "<", input.before)
      .orderBy("conversation_id"),
  ).execute();
  const last = { at: tail.last_message_at, id: tail.conversation_id };
  if (rows.length === 0) return { counts: {}, last, size: candidates.length };
  const ids = rows.map((r) => r.conversation_id);
  const touched = new Set<string>();

  const withRef = rows.filter((r) => r.customer_ref !== null).map((r) => r.conversation_id);
  if (withRef.length > 0) {
    await trx
      .updateTable("conversations")
      .set({ customer_ref: null })
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "in", withRef)
      .execute();
  }
  const withMetadata = rows.filter((r) => hasMetadata(r.metadata)).map((r) => r.conversation_id);
  if (withMetadata.length > 0) {
    await trx
      .updateTable("conversations")
      .set({ metadata: "{}" })
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "in", withMetadata)
      .execute();
  }
  const commented = (
    await trx
      .selectFrom("csat_ratings")
      .select("conversation_id")
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "in", ids)
      .where("comment", "is not", null)
      .execute()
  ).map((r) => r.conversation_id);
  if (commented.length > 0) {
    await trx
      .updateTable("csat_ratings")
      .set({ comment: null })
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "in", commented)
      .execute();
  }
  for (const id of [...withRef, ...withMetadata, ...commented]) touched.add(id);

  let messages = 0;
  if (input.scope === "content") {
    const perConversation = await trx
      .selectFrom("messages")
      .select((eb) => ["conversation_id", eb.fn.countAll<number | string>().as("n")])
      .where("tenant_id", "=", tenantId)
      .where("conversation_id", "in", ids)
      .where("content", "not like", NOT_TOMBSTONE)
      .groupBy("conversation_id")
      .execute();
    if (perConversation.length > 0) {
      await trx
        .updateTable("messages")
        .set({ content: input.tombstone })
        .where("tenant_id", "=", tenantId)
        .where("conversation_id", "in", ids)
        .where("content", "not like", NOT_TOMBSTONE)
        .execute();
      for (const r of perConversation) {
        messages += Number(r.n);
        touched.add(r.conversation_id);
      }
    }
  }

  let handoffs = 0;
  const handoffRows = await trx
    .selectFrom("handoffs")
    .select(["handoff_id", "conversation_id", "summary", "packet", "resolution"])
    .where("tenant_id", "=", tenantId)
    .where("conversation_id", "in", ids)
    .execute();
  for (const h of handoffRows) {
    const next = redactHandoff(h, input.scope, input.tombstone);
    if (!next) continue;
    await trx
      .updateTable("handoffs")
      .set(next)
      .where("tenant_id", "=", tenantId)
      .where("handoff_id", "=", h.handoff_id)
      .execute();
    handoffs++;
    touched.add(h.conversation_id);
  }

  return {
    counts: {
      ...(input.scope === "content" ? { conversations: touched.size, messages } : {}),
      handoffs,
      customerRefs: withRef.length,
      metadata: withMetadata.length,
      csatComments: commented.length,
    },
    last,
    size: candidates.length,
  };
}

function hasMetadata(text: string): boolean {
  if (text === "" || text === "{}") return false;
  try {
    const v: unknown = JSON.parse(text);
    return !(typeof v === "object" && v !== null && Object.keys(v).length === 0);
  } catch {
    return true;
  }
}
