import type { FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import { VouchError } from "../shared/errors.js";
import { sha256Hex, stableStringify } from "../shared/hash.js";
import { checkIdempotencyKey, type IdempotencyRequest, type StoredResponse } from "../store/index.js";

declare module "fastify" {
  interface FastifyRequest {
    /**
     * The agent decision this request made (a replay made none), noted by the route before it picks the
     * caller's view: the customer's view hides decisions, and the metrics still count them.
     */
    decisionMade: { readonly action: string; readonly reason: string } | undefined;
  }
}

/** Note the decision of a freshly made exchange (not a replay) on the request, for the metrics. */
export function noteDecision(
  request: FastifyRequest,
  r: StoredResponse<unknown>,
  decision: { readonly action: string; readonly reason: string } | null | undefined,
): void {
  if (!r.replayed && decision) request.decisionMade = { action: decision.action, reason: decision.reason };
}

export const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);

export const IdempotencyHeader = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      description:
        "Makes the request safe to retry: a retry returns the first response and stores nothing twice.",
    }),
  ),
});

/**
 * The request's idempotency key, fingerprint and caller, when the client sent `Idempotency-Key`. Keys
 * live in the calling API key's namespace; `within` narrows it further (an end customer's conversation
 * token digest: a widget key is shared by every visitor of the tenant's site).
 */
export function idempotencyOf(request: FastifyRequest, within?: string): IdempotencyRequest | undefined {
  const key = request.headers["idempotency-key"];
  if (key === undefined) return undefined;
  if (typeof key !== "string")
    throw new VouchError("IDEMPOTENCY_KEY_INVALID", "send one Idempotency-Key header");
  checkIdempotencyKey(key);
  const p = request.principal;
  const keyId = p?.kind === "tenant" ? p.keyId : "root";
  return {
    caller: within === undefined ? keyId : `${keyId}/${within}`,
    key,
    fingerprint: sha256Hex(`${request.method}\n${request.url}\n${stableStringify(request.body ?? null)}`),
  };
}

/** Send a stored (possibly replayed) response, marking replays. */
export function sendStored<T>(reply: FastifyReply, r: StoredResponse<T>): FastifyReply {
  if (r.replayed) reply.header("idempotent-replayed", "true");
  return reply.code(r.status).send(r.body);
}

export const Page = <T extends Type.TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next: Type.Union([Type.String(), Type.Null()]) });
