import { randomBytes, timingSafeEqual } from "node:crypto";
import { VouchError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";
import type { ConversationsTable } from "../store/index.js";

/**
 * Who acts on a conversation. Staff (admin and agent keys, the seeder, the CLI's store commands) reach
 * every conversation of their tenant. An end customer (a widget key, which is public: it ships in the
 * tenant's web page) reaches only the conversation whose token they present; the widget key alone can
 * only start conversations.
 */
export type ConversationCaller =
  | { readonly kind: "staff" }
  | { readonly kind: "customer"; readonly token: string | undefined };

export const STAFF_CALLER: ConversationCaller = Object.freeze({ kind: "staff" });

/** The prefix of conversation tokens, so a leaked one is recognisable (secret scanners, logs). */
export const CONVERSATION_TOKEN_PREFIX = "vct_";

/**
 * A new conversation token and the SHA-256 stored in its place. 256 random bits: unguessable, so one
 * SHA-256 is the right hash (as for API keys), and the token is shown once, when the conversation starts.
 */
export function newConversationToken(): { readonly token: string; readonly hash: string } {
  const token = `${CONVERSATION_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: sha256Hex(token) };
}

/**
 * Refuse an end customer without this conversation's token with the same NOT_FOUND a missing
 * conversation gets, so a widget key learns nothing about which conversation ids exist. The digests are
 * compared in constant time.
 */
export function assertConversationAccess(
  conv: Pick<ConversationsTable, "conversation_id" | "token_hash">,
  caller: ConversationCaller,
): void {
  if (caller.kind === "staff") return;
  const stored = conv.token_hash;
  const presented = caller.token;
  const ok =
    stored !== null &&
    stored.length === 64 &&
    presented !== undefined &&
    timingSafeEqual(Buffer.from(sha256Hex(presented), "hex"), Buffer.from(stored, "hex"));
  if (!ok) throw conversationNotFound(conv.conversation_id);
}

export const conversationNotFound = (conversationId: string): VouchError =>
  new VouchError("NOT_FOUND", `conversation ${conversationId} not found`);
