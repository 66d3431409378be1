import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { Ajv, type Options as AjvOptions } from "ajv";
import addFormatsPlugin from "ajv-formats";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { registerAuth } from "./auth.js";
import { registerTextCheck } from "./check-text.js";
import { answerClientError, sendError } from "./errors.js";
import { docsCspOptions, type GuardOptions, registerGuard, serverOptionsFor } from "./guard.js";
import { Metrics } from "./metrics.js";
import { namedSchemas } from "./openapi.js";
import { acceptOmittedBodies, markOmittableBodies } from "./optional-body.js";
import { registerJsonParser } from "./parse-json.js";
import { registerResidencyGate } from "./refuse-out-of-region.js";
import { registerArticleRoutes } from "./routes/articles.js";
import { registerContractRoutes } from "./routes/contracts.js";
import { registerConversationRoutes } from "./routes/conversations.js";
import { registerGovernanceRoutes } from "./routes/governance.js";
import { registerHandoffRoutes } from "./routes/handoffs.js";
import { registerLedgerRoutes } from "./routes/ledger.js";
import { registerMetricsRoutes } from "./routes/metrics.js";
import { registerSystemRoutes } from "./routes/system.js";
import { registerTenantRoutes } from "./routes/tenants.js";
import type { ServerDeps } from "./types.js";

/** A client's X-Request-Id is kept when it is a plain token (a load balancer's id joins the logs). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request id: the client's X-Request-Id when it has the safe shape, otherwise a new `req_` id. */
function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers["x-request-id"];
  return typeof sent === "string" && CLIENT_REQUEST_ID.test(sent) ? sent : newId("request");
}

export interface ServerOptions extends GuardOptions {
  readonly logLevel?: string;
  readonly bodyLimit?: number;
  readonly version?: string;
  /** The process's metrics (served at /metrics); a server of its own by default. */
  readonly metrics?: Metrics;
}

// ajv-formats is CommonJS with a default export that TypeScript's NodeNext view types as a namespace.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

function makeAjv(opts: AjvOptions): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    removeAdditional: false,
    useDefaults: true,
    ...opts,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * The HTTP API as a Fastify instance (not listening: `serve` listens, tests use `inject`). Bodies are
 * validated strictly — wrong types are errors, never coerced, and unknown fields are rejected rather than
 * silently dropped — while query strings and path parameters are coerced from text as usual.
 */
export async function buildServer(deps: ServerDeps, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? "info",
      redact: ["req.headers.authorization", 'req.headers["x-api-key"]'],
    },
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Closing is answered by the hook below, in the error envelope.
    return503OnClosing: false,
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
    clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex) {
      answerClientError(this.log, err, socket);
    },
    // Per-request access logs only at debug: at thousands of messages a second they would dominate.
    logController: new LogController({
      disableRequestLogging: opts.logLevel !== "debug" && opts.logLevel !== "trace",
    }),
    ...serverOptionsFor(opts),
  });
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: "array" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : coercing.compile(schema),
  );
  app.setErrorHandler((err, request, reply) =>
    sendError(err instanceof Error ? err : new Error(String(err)), request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(
      new VouchError("ROUTE_NOT_FOUND", `no endpoint ${request.method} ${request.url.split("?")[0]}`),
      request,
      reply,
    ),
  );
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (_request, reply) => {
    if (!closing) return;
    reply.header("connection", "close");
    throw new VouchError("SHUTTING_DOWN", "this process is stopping; retry the request");
  });
  registerJsonParser(app);
  registerAuth(app, deps.store, deps.rootKeyHash, await registerGuard(app, opts));
  acceptOmittedBodies(app);
  registerResidencyGate(app, deps);
  registerTextCheck(app);

  await app.register(swagger, {
    ...namedSchemas(app),
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Vouch API",
        version: opts.version ?? "0.1.0",
        description:
          "AI customer-support agents whose enterprise contract is code. Authenticate with `Authorization: Bearer <key>`; keys have a scope: `admin`, `agent` (human support staff), `widget` (end customers) or `auditor` (read-only ledger access). Errors are `{error: {code, message, details, requestId}}` with the stable codes of docs/errors.md.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A Vouch API key" } },
      },
      security: [{ apiKey: [] }],
      tags: [
        { name: "system", description: "Health and documentation" },
        { name: "tenants", description: "Tenants, settings and API keys" },
        { name: "knowledge", description: "Knowledge base articles" },
        { name: "conversations", description: "Customer conversations with the agent" },
        { name: "inbox", description: "Handoffs to humans" },
        { name: "contracts", description: "The contract file: upload, lint, activate, history, diff" },
        {
          name: "ledger",
          description: "The decision ledger: checkpoints, entries, proofs, export (auditors)",
        },
        { name: "governance", description: "Contract terms in force: retention, residency" },
      ],
    },
    transformObject: (doc) =>
      markOmittableBodies("openapiObject" in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    uiConfig: { docExpansion: "list", deepLinking: true },
    ...docsCspOptions(opts),
  });
  // Until the console exists, a browser opening the server's address lands on the API reference.
  app.get("/", { config: { access: "public" }, schema: { hide: true } }, async (_request, reply) =>
    reply.redirect("/docs", 302),
  );

  registerSystemRoutes(app, deps);
  registerTenantRoutes(app, deps);
  registerArticleRoutes(app, deps);
  registerConversationRoutes(app, deps);
  registerHandoffRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerContractRoutes(app, deps);
  registerGovernanceRoutes(app, deps);
  registerMetricsRoutes(app, opts.metrics ?? new Metrics({ store: deps.store }));
  return app;
}
