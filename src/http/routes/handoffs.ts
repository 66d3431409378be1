import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import {
  approveLearning,
  claimHandoff,
  getHandoff,
  HandoffDetailSchema,
  HandoffSchema,
  type InboxActor,
  listHandoffs,
  rejectLearning,
  replyToHandoff,
  resolveHandoff,
} from "../../inbox/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import { IdempotencyHeader, IdParams, idempotencyOf, Page, sendStored } from "../route-support.js";
import type { ServerDeps } from "../types.js";

const STAFF = ["admin", "agent"] as const;
const Agent = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 100,
    description: "Display name of the person acting; defaults to the key's name",
  }),
);
const actor = (request: FastifyRequest, name: string | undefined): InboxActor => {
  const p = tenantPrincipal(request);
  return { name: name ?? p.name, keyId: p.keyId };
};

export function registerHandoffRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/v1/handoffs",
    {
      config: { access: STAFF },
      schema: {
        operationId: "listHandoffs",
        tags: ["inbox"],
        summary: "The inbox: handoffs, oldest first (default: open and claimed)",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(["open", "claimed", "resolved", "active"])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            after: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(HandoffSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listHandoffs(deps, tenantPrincipal(request).tenantId, request.query),
  );

  app.get(
    "/v1/handoffs/:id",
    {
      config: { access: STAFF },
      schema: {
        operationId: "getHandoff",
        tags: ["inbox"],
        summary: "A handoff with its packet: summary, transcript, sources, confidence, reason",
        params: IdParams,
        response: { 200: HandoffDetailSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => getHandoff(deps, tenantPrincipal(request).tenantId, request.params.id),
  );

  app.post(
    "/v1/handoffs/:id/claim",
    {
      config: { access: STAFF },
      schema: {
        operationId: "claimHandoff",
        tags: ["inbox"],
        summary: "Take ownership of a handoff",
        description: "The body is optional: without it, the key's name is the agent.",
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.Optional(Type.Object({ agent: Agent }, { additionalProperties: false })),
        response: { 200: HandoffSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await claimHandoff(
          deps,
          {
            tenantId: tenantPrincipal(request).tenantId,
            handoffId: request.params.id,
            actor: actor(request, request.body?.agent),
          },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/handoffs/:id/reply",
    {
      config: { access: STAFF },
      schema: {
        operationId: "replyToHandoff",
        tags: ["inbox"],
        summary: "Reply to the customer (claims the handoff if nobody has)",
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.Object(
          { content: Type.String({ minLength: 1, maxLength: 20_000 }), agent: Agent },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ handoff: HandoffSchema, messageId: Type.String(), seq: Type.Integer() }),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await replyToHandoff(
          deps,
          {
            tenantId: tenantPrincipal(request).tenantId,
            handoffId: request.params.id,
            actor: actor(request, request.body.agent),
            content: request.body.content,
          },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/handoffs/:id/resolve",
    {
      config: { access: STAFF },
      schema: {
        operationId: "resolveHandoff",
        tags: ["inbox"],
        summary: "Close the handoff with what solved it",
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.Object(
          {
            resolution: Type.String({ minLength: 1, maxLength: 20_000 }),
            articleId: Type.Optional(
              Type.String({ description: "The article that answers the question, if any" }),
            ),
            agent: Agent,
          },
          { additionalProperties: false },
        ),
        response: { 200: HandoffSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await resolveHandoff(
          deps,
          {
            tenantId: tenantPrincipal(request).tenantId,
            handoffId: request.params.id,
            actor: actor(request, request.body.agent),
            resolution: request.body.resolution,
            articleId: request.body.articleId,
          },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/handoffs/:id/learning",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "decideHandoffLearning",
        tags: ["inbox"],
        summary: "Approve (or reject) a resolved handoff as training data for this tenant's agent",
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Enum(["approve", "reject"]),
            articleId: Type.Optional(Type.String()),
            answer: Type.Optional(
              Type.Object(
                {
                  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
                  body: Type.String({ minLength: 1, maxLength: 20_000 }),
                },
                { additionalProperties: false },
              ),
            ),
            questions: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 50 }),
            ),
            agent: Agent,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            handoffId: Type.String(),
            learning: Type.Enum(["approved", "rejected"]),
            label: Type.Optional(Type.String()),
            exampleIds: Type.Optional(Type.Array(Type.String())),
          }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const tenantId = tenantPrincipal(request).tenantId;
      const handoffId = request.params.id;
      const b = request.body;
      if (b.decision === "reject") {
        const keyId = tenantPrincipal(request).keyId;
        return rejectLearning(deps, { tenantId, handoffId, actor: { kind: "api_key", id: keyId } });
      }
      const r = await approveLearning(deps, { ...b, tenantId, handoffId, actor: actor(request, b.agent) });
      return { ...r, exampleIds: [...r.exampleIds], learning: "approved" as const };
    },
  );
}
