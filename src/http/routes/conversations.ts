import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import {
  ConversationDetailView,
  ConversationView,
  ExchangeView,
  getConversation,
  giveFeedback,
  listConversations,
  postCustomerMessage,
  rateConversation,
  requestHuman,
  startConversation,
  summarizeOutcomes,
} from "../../conversations/index.js";
import { tenantPrincipal } from "../auth.js";
import type { ServerDeps } from "../build-server.js";
import { errorResponses } from "../errors.js";
import { IdempotencyHeader, IdParams, idempotencyOf, Page, sendStored } from "../route-support.js";

const Content = Type.String({
  minLength: 1,
  maxLength: 32_000,
  description: "Customer text; at most 8,000 characters after normalisation",
});
const ALL = ["admin", "agent", "widget"] as const;

/** The caller's tenant id and the tenant row read with its key (saves a query per message). */
const principalTenant = (request: FastifyRequest) => {
  const p = tenantPrincipal(request);
  return { tenantId: p.tenantId, tenant: p.tenant };
};

export function registerConversationRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/v1/conversations",
    {
      config: { access: ALL },
      schema: {
        operationId: "startConversation",
        tags: ["conversations"],
        summary: "Start a conversation, optionally with the customer's first message",
        headers: IdempotencyHeader,
        body: Type.Object(
          {
            channel: Type.Optional(Type.String({ pattern: "^[a-z][a-z0-9_-]{0,31}$", default: "api" })),
            customerRef: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: "Your id for the end customer (for erasure and export)",
              }),
            ),
            metadata: Type.Optional(
              Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1000 }), {
                maxProperties: 32,
              }),
            ),
            content: Type.Optional(Content),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            conversationId: Type.String(),
            exchange: Type.Union([ExchangeView, Type.Null()]),
          }),
          ...errorResponses(400, 401, 403, 413, 422),
        },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await startConversation(
          deps,
          { ...principalTenant(request), ...request.body },
          idempotencyOf(request),
        ),
      ),
  );

  app.get(
    "/v1/conversations",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "listConversations",
        tags: ["conversations"],
        summary: "Conversations, newest first",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(["open", "escalated", "closed"])),
            outcome: Type.Optional(
              Type.Enum(["pending", "resolved", "escalated", "abandoned", "ineligible"]),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            before: Type.Optional(Type.String({ description: "Cursor from the previous page's `next`" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ConversationView), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listConversations(deps, tenantPrincipal(request).tenantId, request.query),
  );

  app.get(
    "/v1/conversations/:id",
    {
      config: { access: ALL },
      schema: {
        operationId: "getConversation",
        tags: ["conversations"],
        summary: "A conversation with its transcript, decisions, handoff and rating",
        description: "Widget keys see the transcript only: decisions (confidence, sources) are for staff.",
        params: IdParams,
        response: { 200: ConversationDetailView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      const detail = await getConversation(deps, p.tenantId, request.params.id);
      return p.scope === "widget" ? { ...detail, decisions: [] } : detail;
    },
  );

  app.post(
    "/v1/conversations/:id/messages",
    {
      config: { access: ALL },
      schema: {
        operationId: "postCustomerMessage",
        tags: ["conversations"],
        summary: "Post a customer message; the agent answers or hands over in the same call",
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.Object({ content: Content }, { additionalProperties: false }),
        response: { 201: ExchangeView, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await postCustomerMessage(
          deps,
          {
            ...principalTenant(request),
            conversationId: request.params.id,
            content: request.body.content,
          },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/conversations/:id/feedback",
    {
      config: { access: ALL },
      schema: {
        operationId: "giveFeedback",
        tags: ["conversations"],
        summary: "Thumbs up or down on the agent's last answer",
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.Object({ helpful: Type.Boolean() }, { additionalProperties: false }),
        response: { 201: ExchangeView, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await giveFeedback(
          deps,
          {
            ...principalTenant(request),
            conversationId: request.params.id,
            helpful: request.body.helpful,
          },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/conversations/:id/escalate",
    {
      config: { access: ALL },
      schema: {
        operationId: "escalateConversation",
        tags: ["conversations"],
        summary: "The customer asks for a person (the widget's button)",
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 201: ExchangeView, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendStored(
        reply,
        await requestHuman(
          deps,
          { ...principalTenant(request), conversationId: request.params.id },
          idempotencyOf(request),
        ),
      ),
  );

  app.post(
    "/v1/conversations/:id/csat",
    {
      config: { access: ALL },
      schema: {
        operationId: "rateConversation",
        tags: ["conversations"],
        summary: "The customer's 1–5 rating; rating again replaces it",
        params: IdParams,
        body: Type.Object(
          {
            rating: Type.Integer({ minimum: 1, maximum: 5 }),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            conversationId: Type.String(),
            rating: Type.Integer(),
            comment: Type.Union([Type.String(), Type.Null()]),
            handledBy: Type.Enum(["ai", "human"]),
            createdAt: Type.String({ format: "date-time" }),
            updatedAt: Type.String({ format: "date-time" }),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      rateConversation(deps, {
        tenantId: tenantPrincipal(request).tenantId,
        conversationId: request.params.id,
        ...request.body,
      }),
  );

  app.get(
    "/v1/summary",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "getOutcomeSummary",
        tags: ["conversations"],
        summary: "Outcome counts and CSAT for a period (default: all time)",
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: "date-time" })),
            to: Type.Optional(Type.String({ format: "date-time" })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.Union([Type.String(), Type.Null()]),
            to: Type.Union([Type.String(), Type.Null()]),
            conversations: Type.Integer(),
            eligible: Type.Integer(),
            byOutcome: Type.Record(Type.String(), Type.Integer()),
            durableResolutions: Type.Integer(),
            reopened: Type.Integer(),
            openHandoffs: Type.Integer(),
            csat: Type.Object({
              ai: Type.Object({ mean: Type.Union([Type.Number(), Type.Null()]), responses: Type.Integer() }),
              human: Type.Object({
                mean: Type.Union([Type.Number(), Type.Null()]),
                responses: Type.Integer(),
              }),
            }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return summarizeOutcomes(deps, tenantPrincipal(request).tenantId, {
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
      });
    },
  );
}
