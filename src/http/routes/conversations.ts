import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Type, { type TSchema } from "typebox";
import {
  CONVERSATION_TOKEN_PREFIX,
  type ConversationCaller,
  ConversationDetailView,
  ConversationView,
  CustomerConversationDetailView,
  CustomerExchangeView,
  ExchangeView,
  getConversation,
  giveFeedback,
  listConversations,
  postCustomerMessage,
  rateConversation,
  requestHuman,
  STAFF_CALLER,
  type StartResult,
  startConversation,
  summarizeOutcomes,
  toCustomerDetail,
  toCustomerExchange,
} from "../../conversations/index.js";
import { sha256Hex } from "../../shared/hash.js";
import type { StoredResponse } from "../../store/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import { IdempotencyHeader, IdParams, idempotencyOf, noteDecision, Page } from "../route-support.js";
import type { ServerDeps } from "../types.js";

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

/** The header an end customer presents the conversation's token in. */
export const CONVERSATION_TOKEN_HEADER = "x-conversation-token";

const ConversationTokenHeader = Type.Object({
  [CONVERSATION_TOKEN_HEADER]: Type.Optional(
    Type.String({
      maxLength: 200,
      description: `The conversation's token (\`${CONVERSATION_TOKEN_PREFIX}…\`), returned when it started. Required with a widget key; without it, or with another conversation's, the answer is 404 NOT_FOUND, as for a conversation that does not exist. Staff keys do not need it.`,
    }),
  ),
});
const ConversationHeaders = Type.Intersect([IdempotencyHeader, ConversationTokenHeader]);

/** Staff see every conversation of their tenant; a widget key only the one whose token it presents. */
function callerOf(request: FastifyRequest): ConversationCaller {
  if (tenantPrincipal(request).scope !== "widget") return STAFF_CALLER;
  const token = request.headers[CONVERSATION_TOKEN_HEADER];
  return { kind: "customer", token: typeof token === "string" ? token : undefined };
}

/**
 * The idempotency namespace of a conversation request: the API key's, and for an end customer the
 * token's too, so one visitor never replays another's response through the shared widget key.
 */
function conversationIdempotency(request: FastifyRequest, caller: ConversationCaller) {
  return idempotencyOf(
    request,
    caller.kind === "customer" && caller.token !== undefined ? sha256Hex(caller.token) : undefined,
  );
}

/**
 * Send `body` serialised with exactly `schema`. The routes document the staff and the customer view of a
 * response as alternatives; this picks one, so fields outside it are never written.
 */
function sendView(reply: FastifyReply, status: number, schema: TSchema, body: unknown): FastifyReply {
  // Fastify types schemas as plain records; TypeBox's carry no index signature. The compiled serializer
  // is cached per schema object, so this compiles once per route and view.
  const serialize = reply.compileSerializationSchema(schema as unknown as Record<string, unknown>);
  return reply.code(status).type("application/json; charset=utf-8").serializer(serialize).send(body);
}

/** Send an exchange (possibly a replay) in the caller's view. */
function sendExchange(reply: FastifyReply, caller: ConversationCaller, r: StoredResponse<ExchangeView>) {
  noteDecision(reply.request, r, r.body.decision);
  if (r.replayed) reply.header("idempotent-replayed", "true");
  return caller.kind === "customer"
    ? sendView(reply, r.status, CustomerExchangeView, toCustomerExchange(r.body))
    : sendView(reply, r.status, ExchangeView, r.body);
}

const StartView = Type.Object({
  conversationId: Type.String(),
  conversationToken: Type.String({
    description:
      "The conversation's token, shown only here: the end customer presents it (X-Conversation-Token) for every later call on this conversation with a widget key.",
  }),
  exchange: Type.Union([ExchangeView, Type.Null()]),
});
const CustomerStartView = Type.Object({
  conversationId: Type.String(),
  conversationToken: Type.String(),
  exchange: Type.Union([CustomerExchangeView, Type.Null()]),
});

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
          201: Type.Union([StartView, CustomerStartView], {
            description: "Staff keys get the first exchange in full; widget keys get the customer's view.",
          }),
          ...errorResponses(400, 401, 403, 413, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const r: StoredResponse<StartResult> = await startConversation(
        deps,
        { ...principalTenant(request), ...request.body },
        idempotencyOf(request),
      );
      noteDecision(request, r, r.body.exchange?.decision);
      if (r.replayed) reply.header("idempotent-replayed", "true");
      if (caller.kind === "staff") return sendView(reply, r.status, StartView, r.body);
      const { exchange, ...started } = r.body;
      return sendView(reply, r.status, CustomerStartView, {
        ...started,
        exchange: exchange ? toCustomerExchange(exchange) : null,
      });
    },
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
        description:
          "Widget keys (with the conversation's token) get the customer's view: the transcript, whether a person has it, and their rating. Decisions (confidence, sources, reasons) are for staff.",
        headers: ConversationTokenHeader,
        params: IdParams,
        response: {
          200: Type.Union([ConversationDetailView, CustomerConversationDetailView]),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const detail = await getConversation(
        deps,
        tenantPrincipal(request).tenantId,
        request.params.id,
        caller,
      );
      return caller.kind === "customer"
        ? sendView(reply, 200, CustomerConversationDetailView, toCustomerDetail(detail))
        : sendView(reply, 200, ConversationDetailView, detail);
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
        headers: ConversationHeaders,
        params: IdParams,
        body: Type.Object({ content: Content }, { additionalProperties: false }),
        response: {
          201: Type.Union([ExchangeView, CustomerExchangeView], {
            description: "Staff keys get the exchange in full; widget keys get the customer's view.",
          }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      return sendExchange(
        reply,
        caller,
        await postCustomerMessage(
          deps,
          {
            ...principalTenant(request),
            conversationId: request.params.id,
            content: request.body.content,
            caller,
          },
          conversationIdempotency(request, caller),
        ),
      );
    },
  );

  app.post(
    "/v1/conversations/:id/feedback",
    {
      config: { access: ALL },
      schema: {
        operationId: "giveFeedback",
        tags: ["conversations"],
        summary: "Thumbs up or down on the agent's last answer",
        headers: ConversationHeaders,
        params: IdParams,
        body: Type.Object({ helpful: Type.Boolean() }, { additionalProperties: false }),
        response: {
          201: Type.Union([ExchangeView, CustomerExchangeView], {
            description: "Staff keys get the exchange in full; widget keys get the customer's view.",
          }),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      return sendExchange(
        reply,
        caller,
        await giveFeedback(
          deps,
          {
            ...principalTenant(request),
            conversationId: request.params.id,
            helpful: request.body.helpful,
            caller,
          },
          conversationIdempotency(request, caller),
        ),
      );
    },
  );

  app.post(
    "/v1/conversations/:id/escalate",
    {
      config: { access: ALL },
      schema: {
        operationId: "escalateConversation",
        tags: ["conversations"],
        summary: "The customer asks for a person (the widget's button)",
        headers: ConversationHeaders,
        params: IdParams,
        response: {
          201: Type.Union([ExchangeView, CustomerExchangeView], {
            description: "Staff keys get the exchange in full; widget keys get the customer's view.",
          }),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      return sendExchange(
        reply,
        caller,
        await requestHuman(
          deps,
          { ...principalTenant(request), conversationId: request.params.id, caller },
          conversationIdempotency(request, caller),
        ),
      );
    },
  );

  app.post(
    "/v1/conversations/:id/csat",
    {
      config: { access: ALL },
      schema: {
        operationId: "rateConversation",
        tags: ["conversations"],
        summary: "The customer's 1–5 rating; rating again replaces it",
        headers: ConversationTokenHeader,
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
        caller: callerOf(request),
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
