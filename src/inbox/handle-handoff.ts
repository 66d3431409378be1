import { appendHumanReply, closeConversation } from "../conversations/index.js";
import { assertPublishedArticle } from "../knowledge/index.js";
import {
  type AdminAction,
  digestContent,
  type EntryActor,
  ledgerActor,
  ledgerDigestKey,
  recordAdminActions,
} from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import {
  type Db,
  type HandoffsTable,
  type IdempotencyRequest,
  runIdempotent,
  type StoreDeps,
  type StoredResponse,
} from "../store/index.js";
import { type HandoffDetailView, type HandoffView, toHandoffDetailView, toHandoffView } from "./views.js";

/** The human doing the work: a display name, and the API key acting for them when there is one. */
export interface InboxActor {
  readonly name: string;
  /** The API key the request came with; the ledger names it as the actor. */
  readonly keyId?: string | undefined;
}

/**
 * How an inbox action appears in the ledger: the API key that did it (else the actor's label, as
 * ledgerActor reads it), and the person's display name and any text only as keyed digests.
 */
async function ledgerContext(deps: StoreDeps, tenantId: string, actor: InboxActor) {
  const key = await ledgerDigestKey(deps.store, tenantId);
  const who: EntryActor = actor.keyId
    ? { kind: "api_key", id: actor.keyId }
    : await ledgerActor(deps.store, tenantId, actor.name);
  return {
    digest: (text: string) => digestContent(text, key),
    action: (
      now: number,
      action: string,
      h: HandoffsTable,
      extra: { subject?: Record<string, string>; details?: Record<string, unknown> } = {},
    ): AdminAction => ({
      time: now,
      actor: who,
      action,
      subject: { handoff: h.handoff_id, conversation: h.conversation_id, ...extra.subject },
      details: { agentDigest: digestContent(actor.name, key), ...extra.details },
    }),
  };
}

async function loadHandoff(trx: Db, tenantId: string, handoffId: string): Promise<HandoffsTable> {
  const h = await trx
    .selectFrom("handoffs")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("handoff_id", "=", handoffId)
    .executeTakeFirst();
  if (!h) throw new VouchError("NOT_FOUND", `handoff ${handoffId} not found`);
  return h;
}

async function saveHandoff(trx: Db, h: HandoffsTable): Promise<void> {
  await trx
    .updateTable("handoffs")
    .set({
      status: h.status,
      claimed_by: h.claimed_by,
      claimed_at: h.claimed_at,
      first_action_at: h.first_action_at,
      resolved_at: h.resolved_at,
      resolution: h.resolution,
      resolution_article_id: h.resolution_article_id,
      learning: h.learning,
    })
    .where("tenant_id", "=", h.tenant_id)
    .where("handoff_id", "=", h.handoff_id)
    .execute();
}

/** Claim for `actor`: open → claimed. Claiming one's own claim again is a no-op; another's is a conflict. */
function claimed(h: HandoffsTable, actor: InboxActor, now: number): HandoffsTable {
  if (h.status === "resolved")
    throw new VouchError("INVALID_STATE", `handoff ${h.handoff_id} is already resolved`);
  if (h.status === "claimed") {
    if (h.claimed_by !== actor.name) {
      throw new VouchError("CONFLICT", `handoff ${h.handoff_id} is claimed by ${h.claimed_by}`);
    }
    return h;
  }
  return {
    ...h,
    status: "claimed",
    claimed_by: actor.name,
    claimed_at: now,
    first_action_at: h.first_action_at ?? now,
  };
}

export async function listHandoffs(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  q: {
    status?: "open" | "claimed" | "resolved" | "active" | undefined;
    limit?: number | undefined;
    after?: string | undefined;
  },
): Promise<{ items: HandoffView[]; next: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  let query = deps.store.db.selectFrom("handoffs").selectAll().where("tenant_id", "=", tenantId);
  const status = q.status ?? "active";
  query =
    status === "active"
      ? query.where("status", "in", ["open", "claimed"])
      : query.where("status", "=", status);
  if (q.after) query = query.where("handoff_id", ">", q.after);
  const rows = await query
    .orderBy("handoff_id")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(toHandoffView),
    next: rows.length > limit ? (page.at(-1)?.handoff_id ?? null) : null,
  };
}

export async function getHandoff(
  deps: Pick<StoreDeps, "store">,
  tenantId: string,
  handoffId: string,
): Promise<HandoffDetailView> {
  return toHandoffDetailView(await loadHandoff(deps.store.db, tenantId, handoffId));
}

/** A person's action on one handoff: the tenant's handoff, and who acts. */
export interface HandoffAction {
  readonly tenantId: string;
  readonly handoffId: string;
  readonly actor: InboxActor;
}

/** Take ownership of a handoff (`handoff.claim` in the ledger; claiming one's own claim again is a no-op). */
export async function claimHandoff(
  deps: StoreDeps,
  { tenantId, handoffId, actor }: HandoffAction,
  idem?: IdempotencyRequest,
): Promise<StoredResponse<HandoffView>> {
  const now = deps.clock.now();
  const ledger = await ledgerContext(deps, tenantId, actor);
  return runIdempotent(deps.store, tenantId, idem, now, async (trx) => {
    const h = await loadHandoff(trx, tenantId, handoffId);
    const next = claimed(h, actor, now);
    if (next !== h) {
      await saveHandoff(trx, next);
      await recordAdminActions(trx, tenantId, [ledger.action(now, "handoff.claim", next)]);
    }
    return { status: 200, body: toHandoffView(next) };
  });
}

interface HandoffReply {
  readonly handoff: HandoffView;
  readonly messageId: string;
  readonly seq: number;
}

/**
 * A human's reply to the customer: appended to the conversation (which from now on counts as human
 * handled), claiming the handoff first if nobody has. Recorded in the ledger as `handoff.reply` (and
 * `handoff.claim` when it claimed), with the text as a keyed digest. With an idempotency key, a retry
 * returns the first response and sends the customer nothing twice.
 */
export async function replyToHandoff(
  deps: StoreDeps,
  { tenantId, handoffId, actor, content }: HandoffAction & { readonly content: string },
  idem?: IdempotencyRequest,
): Promise<StoredResponse<HandoffReply>> {
  const now = deps.clock.now();
  const ledger = await ledgerContext(deps, tenantId, actor);
  return runIdempotent(deps.store, tenantId, idem, now, async (trx) => {
    const before = await loadHandoff(trx, tenantId, handoffId);
    const h = claimed(before, actor, now);
    const uow = { tx: trx, tenantId, now };
    const message = await appendHumanReply(uow, h.conversation_id, { author: actor.name, content });
    await saveHandoff(trx, h);
    await recordAdminActions(trx, tenantId, [
      ...(h !== before ? [ledger.action(now, "handoff.claim", h)] : []),
      ledger.action(now, "handoff.reply", h, {
        subject: { message: message.message_id },
        details: { contentDigest: ledger.digest(content) },
      }),
    ]);
    return {
      status: 201,
      body: { handoff: toHandoffView(h), messageId: message.message_id, seq: message.seq },
    };
  });
}

/**
 * Close the handoff with what solved it; optionally the article that holds the answer. Recorded in the
 * ledger as `handoff.resolve` (and `handoff.claim` when it claimed), the resolution as a keyed digest.
 */
export async function resolveHandoff(
  deps: StoreDeps,
  input: HandoffAction & { readonly resolution: string; readonly articleId?: string | undefined },
  idem?: IdempotencyRequest,
): Promise<StoredResponse<HandoffView>> {
  const { tenantId, handoffId, actor } = input;
  const now = deps.clock.now();
  const ledger = await ledgerContext(deps, tenantId, actor);
  return runIdempotent(deps.store, tenantId, idem, now, async (trx) => {
    const before = await loadHandoff(trx, tenantId, handoffId);
    const h = claimed(before, actor, now);
    if (input.articleId) await assertPublishedArticle({ tx: trx, tenantId }, input.articleId);
    const next: HandoffsTable = {
      ...h,
      status: "resolved",
      resolved_at: now,
      resolution: input.resolution,
      resolution_article_id: input.articleId ?? null,
    };
    await saveHandoff(trx, next);
    await closeConversation({ tx: trx, tenantId, now }, h.conversation_id);
    await recordAdminActions(trx, tenantId, [
      ...(h !== before ? [ledger.action(now, "handoff.claim", h)] : []),
      ledger.action(now, "handoff.resolve", next, {
        details: {
          resolutionDigest: ledger.digest(input.resolution),
          ...(input.articleId ? { articleId: input.articleId } : {}),
        },
      }),
    ]);
    return { status: 200, body: toHandoffView(next) };
  });
}

export { loadHandoff, saveHandoff };
