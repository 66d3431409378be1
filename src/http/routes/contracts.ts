import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import {
  ActivationView,
  ActiveContractView,
  activateContract,
  CONTRACT_SCHEMA_FILE,
  type ContractChecker,
  ContractDetailView,
  ContractDiffView,
  ContractHistoryView,
  contractJsonSchemaText,
  createContractChecker,
  diffStoredContracts,
  getActiveContract,
  getContract,
  listContracts,
  MAX_CONTRACT_LENGTH,
  storeContract,
  ValidationView,
} from "../../contract/index.js";
import { VouchError } from "../../shared/errors.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import { IdParams } from "../route-support.js";
import type { ServerDeps } from "../types.js";

const ADMIN = ["admin"] as const;
const STAFF = ["admin", "agent"] as const;

/** Content types a contract document may be sent as, besides JSON `{document}`. */
const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];
const YAML_CONTENT_TYPE = /^(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain)\s*(;.*)?$/i;

const DocumentText = Type.String({
  description: "The contract YAML (or JSON) document, UTF-8, at most 256 KiB",
});
const DocumentJson = Type.Object(
  { document: Type.String({ description: "The contract YAML (or JSON) document as a string" }) },
  { additionalProperties: false },
);
/** Either body form: the YAML as the raw body, or JSON `{"document": "..."}`. */
const DocumentBody = {
  content: {
    ...Object.fromEntries(YAML_TYPES.map((t) => [t, { schema: DocumentText }])),
    "application/json": { schema: DocumentJson },
  },
};

const documentOf = (body: unknown): string =>
  typeof body === "string" ? body : ((body as { document?: string } | undefined)?.document ?? "");

const actorOf = (request: FastifyRequest): string => {
  const p = tenantPrincipal(request);
  return `${p.name} (${p.keyId})`;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Contracts: upload (validated, stored with history), validate without storing, list, fetch, diff, activate
 * from an effective date, the contract in force; and the JSON Schema for editors. Registered as an
 * encapsulated plugin so the YAML body parser applies to these routes only. Documents sent in a request
 * are parsed on a worker thread (createContractChecker): reading a hostile one would stall the server.
 */
export function registerContractRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const checker = createContractChecker();
  root.addHook("onClose", () => checker.close());
  root.register(async (scope) => {
    // YAML bodies, decoded strictly like JSON ones (src/http/parse-json.ts): invalid UTF-8 is refused, never
    // replaced, so the stored document and its hash are exactly what the client sent.
    scope.addContentTypeParser(YAML_CONTENT_TYPE, { parseAs: "buffer" }, (_req, body, done) => {
      try {
        done(null, utf8.decode(body as Buffer));
      } catch {
        done(new VouchError("INVALID_UTF8", "request body is not valid UTF-8"), undefined);
      }
    });
    routes(scope, deps, checker);
  });
}

function routes(root: FastifyInstance, deps: ServerDeps, checker: ContractChecker): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/v1/contracts",
    {
      config: { access: ADMIN, anyRegion: true },
      // A body within this many bytes holds at most as many characters as the parser reads.
      bodyLimit: MAX_CONTRACT_LENGTH,
      schema: {
        operationId: "uploadContract",
        tags: ["contracts"],
        summary: "Upload a new version of the tenant's contract (validated and linted; not yet active)",
        description: `Send the YAML as the body (\`Content-Type\`: ${YAML_TYPES.join(", ")}) or JSON \`{"document": "..."}\`. Only a valid document is stored; an invalid one is answered with 422 CONTRACT_INVALID and \`details.problems\` [{code, message, path, line, column}], one beyond the parser's limits with 422 CONTRACT_TOO_COMPLEX, a body over 256 KiB with 413. The document is stored exactly as sent with its SHA-256; sending the same bytes again returns the stored version (200) instead of a new one (201).`,
        body: DocumentBody,
        response: {
          200: UploadView(),
          201: UploadView(),
          ...errorResponses(400, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const p = tenantPrincipal(request);
      const document = documentOf(request.body);
      await checker.assertValid(document);
      const r = await storeContract(deps, p.tenantId, document, actorOf(request));
      return reply.code(r.created ? 201 : 200).send({ created: r.created, ...r.detail });
    },
  );

  app.post(
    "/v1/contracts/validate",
    {
      config: { access: STAFF, anyRegion: true },
      bodyLimit: MAX_CONTRACT_LENGTH,
      schema: {
        operationId: "validateContract",
        tags: ["contracts"],
        summary: "Validate and lint a document without storing it",
        description:
          "Same bodies as POST /v1/contracts. 200 for any document the parser reads: `valid` says whether it could be stored and activated; `problems` locate what is wrong; `findings` are the procurement lint. A document beyond the parser's limits (docs/contract.md) is 422 CONTRACT_TOO_COMPLEX, a body over 256 KiB 413 PAYLOAD_TOO_LARGE.",
        body: DocumentBody,
        response: { 200: ValidationView, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) => checker.validate(documentOf(request.body)),
  );

  app.get(
    "/v1/contracts",
    {
      config: { access: STAFF, anyRegion: true },
      schema: {
        operationId: "listContracts",
        tags: ["contracts"],
        summary: "The contract history: every version (newest first) and every activation",
        response: { 200: ContractHistoryView, ...errorResponses(401, 403) },
      },
    },
    async (request) => listContracts(deps, tenantPrincipal(request).tenantId),
  );

  app.get(
    "/v1/contracts/active",
    {
      config: { access: STAFF, anyRegion: true },
      schema: {
        operationId: "getActiveContract",
        tags: ["contracts"],
        summary: "The contract in force (now, or at `at`) with the parameters the running system reads",
        querystring: Type.Object(
          { at: Type.Optional(Type.String({ format: "date-time", description: "Default: now" })) },
          { additionalProperties: false },
        ),
        response: { 200: ActiveContractView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      getActiveContract(
        deps,
        tenantPrincipal(request).tenantId,
        request.query.at === undefined ? undefined : Date.parse(request.query.at),
      ),
  );

  app.get(
    "/v1/contracts/schema",
    {
      config: { access: "public" },
      schema: {
        operationId: "getContractSchema",
        tags: ["contracts"],
        summary: "The contract file's JSON Schema (draft 2020-12), for editors",
        description: `No authentication. The same document as ${CONTRACT_SCHEMA_FILE}; also served at /${CONTRACT_SCHEMA_FILE}.`,
        security: [],
      },
    },
    async (_request, reply) => reply.type("application/schema+json").send(contractJsonSchemaText()),
  );

  app.get(
    `/${CONTRACT_SCHEMA_FILE}`,
    { config: { access: "public" }, schema: { hide: true } },
    async (_request, reply) => reply.type("application/schema+json").send(contractJsonSchemaText()),
  );

  app.get(
    "/v1/contracts/:id",
    {
      config: { access: STAFF, anyRegion: true },
      schema: {
        operationId: "getContract",
        tags: ["contracts"],
        summary: "A stored version: the document as uploaded, its findings, status and activations",
        params: IdParams,
        response: { 200: ContractDetailView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => getContract(deps, tenantPrincipal(request).tenantId, request.params.id),
  );

  app.get(
    "/v1/contracts/:old/diff/:new",
    {
      config: { access: STAFF, anyRegion: true },
      schema: {
        operationId: "diffContracts",
        tags: ["contracts"],
        summary:
          "The redline between two stored versions: semantic changes and the findings each adds or resolves",
        params: Type.Object(
          {
            old: Type.String({ minLength: 1, maxLength: 80 }),
            new: Type.String({ minLength: 1, maxLength: 80 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ContractDiffView, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) =>
      diffStoredContracts(deps, tenantPrincipal(request).tenantId, request.params.old, request.params.new),
  );

  app.post(
    "/v1/contracts/:id/activate",
    {
      config: { access: ADMIN, anyRegion: true },
      // The body is optional: without one, the contract binds from now.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        operationId: "activateContract",
        tags: ["contracts"],
        summary: "Make a stored version the tenant's contract from an effective date (default now)",
        description:
          "The activation is recorded (who, when, from when) and supersedes earlier ones from its date; the running system binds the new parameters without a restart. A date in the past (beyond five minutes of clock skew) is refused. A document that no longer validates is never activated (422 CONTRACT_INVALID).",
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              effectiveFrom: Type.Optional(
                Type.String({ format: "date-time", description: "When the contract binds; default now" }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({ activation: ActivationView, ...ContractDetailView.properties }),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const effective = request.body?.effectiveFrom;
      const r = await activateContract(deps, tenantPrincipal(request).tenantId, {
        contractId: request.params.id,
        effectiveFrom: effective === undefined ? undefined : Date.parse(effective),
        actor: actorOf(request),
      });
      return reply.code(201).send({ activation: r.activation, ...r.detail });
    },
  );
}

function UploadView() {
  return Type.Object({
    created: Type.Boolean({ description: "False when the same document was already stored" }),
    ...ContractDetailView.properties,
  });
}
