import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import {
  exportTenantLedger,
  getCheckpoint,
  listLedgerEntries,
  listVerifierKeys,
  MAX_ENTRY_PAGE,
  proveLedgerConsistency,
  proveLedgerEntry,
  publishCheckpoint,
} from "../../ledger/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import type { ServerDeps } from "../types.js";

/** Auditors get a read-only `auditor` key; admins can do the same. */
const READ = ["admin", "auditor"] as const;
const TAGS = ["ledger"];
const DOC = "The format of every document is specified in docs/ledger.md.";

const TreeSize = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const CheckpointView = Type.Object({
  origin: Type.String({ description: "The log's unique name: `<deployment>/vouch/<tenant id>`" }),
  treeSize: Type.Integer(),
  root: Type.String({ description: "Base64 RFC 6962 root hash at treeSize" }),
  time: Type.Union([Type.String(), Type.Null()], { description: "When it was signed (RFC 3339)" }),
  signers: Type.Array(Type.String(), { description: "`name+keyid` of each signature" }),
  note: Type.String({
    description: "The C2SP signed note: keep it, and pass it to `vouch audit verify --checkpoint`",
  }),
});

export const InclusionProof = Type.Object(
  {
    format: Type.Literal("vouch-inclusion-proof"),
    version: Type.Literal(1),
    origin: Type.String(),
    seq: Type.Integer(),
    entry: Type.String({ description: "The entry's canonical JSON: the leaf input" }),
    treeSize: Type.Integer(),
    proof: Type.Array(Type.String(), { description: "Audit path, base64, leaf sibling first" }),
    checkpoint: Type.String({ description: "Signed checkpoint at treeSize" }),
  },
  { description: `Verify offline with \`vouch audit verify\`. ${DOC}` },
);

export const ConsistencyProof = Type.Object(
  {
    format: Type.Literal("vouch-consistency-proof"),
    version: Type.Literal(1),
    origin: Type.String(),
    size1: Type.Integer(),
    size2: Type.Integer(),
    proof: Type.Array(Type.String()),
    checkpoint1: Type.String(),
    checkpoint2: Type.String(),
  },
  { description: `Verify offline with \`vouch audit verify\`. ${DOC}` },
);

/** True when the client asked for the plain-text form (`?format=…` wins over `Accept`). */
function wantsText(request: FastifyRequest, format: string | undefined, textFormat: string): boolean {
  if (format !== undefined) return format === textFormat;
  const accept = request.headers.accept ?? "";
  return accept.includes("text/plain") && !accept.includes("application/json");
}

/**
 * The decision ledger for auditors: checkpoints, entries, proofs, exports and keys. Reading needs no key;
 * publishing a checkpoint uses `deps.ledgerKeys`, which the composition root provides
 * (src/app/ledger-keys.ts) and which is absent, answering LEDGER_KEY_UNAVAILABLE, in a bare test server.
 */
export function registerLedgerRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/v1/ledger/checkpoint",
    {
      config: { access: READ },
      schema: {
        operationId: "getLedgerCheckpoint",
        tags: TAGS,
        summary: "The latest signed checkpoint of the tenant's log (or the one at treeSize)",
        description: `JSON by default; the bare signed note with \`?format=note\` or \`Accept: text/plain\`. ${DOC}`,
        querystring: Type.Object(
          { treeSize: Type.Optional(TreeSize), format: Type.Optional(Type.Enum(["json", "note"])) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: "The checkpoint",
            content: {
              "application/json": { schema: CheckpointView },
              "text/plain": { schema: Type.String({ description: "The signed note" }) },
            },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const cp = await getCheckpoint(deps, tenantPrincipal(request).tenantId, request.query.treeSize);
      if (wantsText(request, request.query.format, "note")) {
        return reply.type("text/plain; charset=utf-8").send(cp.note);
      }
      return reply.type("application/json; charset=utf-8").send({ ...cp, signers: [...cp.signers] });
    },
  );

  app.post(
    "/v1/ledger/checkpoints",
    {
      config: { access: READ },
      schema: {
        operationId: "publishLedgerCheckpoint",
        tags: TAGS,
        summary: "Sign a checkpoint of the log as it is now",
        description:
          "Publishes a checkpoint at the current tree size (201), or returns the one already published at that size (200). Checkpoints are also published on a schedule when the log grew. It signs the log's state and never changes it, so auditor keys may call it.",
        response: {
          200: Type.Object({ published: Type.Boolean(), checkpoint: CheckpointView }),
          201: Type.Object({ published: Type.Boolean(), checkpoint: CheckpointView }),
          ...errorResponses(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const r = await publishCheckpoint(deps, tenantPrincipal(request).tenantId);
      const checkpoint = { ...r.checkpoint, signers: [...r.checkpoint.signers] };
      return reply.code(r.published ? 201 : 200).send({ published: r.published, checkpoint });
    },
  );

  app.get(
    "/v1/ledger/entries",
    {
      config: { access: READ },
      schema: {
        operationId: "listLedgerEntries",
        tags: TAGS,
        summary: "Entries by sequence number, or every entry about one subject",
        description: `Entries with from ≤ seq < to, at most \`limit\` (≤ ${MAX_ENTRY_PAGE}); with \`subject\`, the entries naming that id (\`conv_…\`, \`msg_…\`, \`art_…\`, \`key_…\`). \`next\` is the \`from\` of the next page. ${DOC}`,
        querystring: Type.Object(
          {
            from: Type.Optional(TreeSize),
            to: Type.Optional(TreeSize),
            subject: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTRY_PAGE })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            treeSize: Type.Integer(),
            items: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                entry: Type.String({
                  description: "Canonical JSON; the leaf is SHA-256(0x00 || UTF-8 bytes)",
                }),
                leafHash: Type.String({ description: "Base64 leaf hash" }),
              }),
            ),
            next: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => listLedgerEntries(deps, tenantPrincipal(request).tenantId, request.query),
  );

  app.get(
    "/v1/ledger/entries/:seq/proof",
    {
      config: { access: READ },
      schema: {
        operationId: "proveLedgerEntry",
        tags: TAGS,
        summary: "Inclusion proof of one entry against a signed checkpoint",
        description:
          "Against the checkpoint at `treeSize` (default: the latest). 409 when no checkpoint covers the entry yet: publish one first.",
        params: Type.Object({ seq: TreeSize }, { additionalProperties: false }),
        querystring: Type.Object({ treeSize: Type.Optional(TreeSize) }, { additionalProperties: false }),
        response: { 200: InclusionProof, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      const bundle = await proveLedgerEntry(deps, p.tenantId, request.params.seq, request.query.treeSize);
      return { ...bundle, proof: [...bundle.proof] };
    },
  );

  app.get(
    "/v1/ledger/consistency",
    {
      config: { access: READ },
      schema: {
        operationId: "proveLedgerConsistency",
        tags: TAGS,
        summary: "Consistency proof: the log at `from` is a prefix of the log at `to`",
        description:
          "Both sizes must be sizes of published checkpoints; `to` defaults to the latest. Keep the newest checkpoint you verified and ask for a proof from its size next time.",
        querystring: Type.Object(
          {
            from: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
            to: Type.Optional(TreeSize),
          },
          { additionalProperties: false },
        ),
        response: { 200: ConsistencyProof, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      const bundle = await proveLedgerConsistency(deps, p.tenantId, request.query.from, request.query.to);
      return { ...bundle, proof: [...bundle.proof] };
    },
  );

  app.get(
    "/v1/ledger/export",
    {
      config: { access: READ },
      schema: {
        operationId: "exportLedger",
        tags: TAGS,
        summary: "The tenant's whole log as a verifiable export (streamed JSON Lines)",
        description: `Every entry, checkpoint and consistency proof up to the latest checkpoint (or \`treeSize\`, which must be a checkpoint size). Verify offline: \`vouch audit verify export.jsonl --key <vkey>\`. ${DOC}`,
        querystring: Type.Object({ treeSize: Type.Optional(TreeSize) }, { additionalProperties: false }),
        response: {
          200: {
            description: "The export, docs/ledger.md §5",
            content: { "application/x-ndjson": { schema: Type.String() } },
          },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const tenantId = tenantPrincipal(request).tenantId;
      const exp = await exportTenantLedger(deps, tenantId, { treeSize: request.query.treeSize });
      return (
        reply
          .type("application/x-ndjson; charset=utf-8")
          .header("content-disposition", `attachment; filename="ledger-${tenantId}-${exp.treeSize}.jsonl"`)
          // The schema documents the body as text; Fastify streams the Readable without serialising it.
          .send(Readable.from(exp.lines) as unknown as string)
      );
    },
  );

  app.get(
    "/v1/ledger/keys",
    {
      config: { access: "public" },
      schema: {
        operationId: "listLedgerKeys",
        tags: TAGS,
        summary: "The public keys that sign checkpoints: the active one and every retired one",
        description:
          "Public: anyone may check a checkpoint. `?format=text` gives one vkey per line, a file `vouch audit verify --key` reads. Obtain the first key you trust out of band too (a contract annex, a signed email), so that this endpoint is not your only source of it.",
        security: [],
        querystring: Type.Object(
          { format: Type.Optional(Type.Enum(["json", "text"])) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: "The verifier keys",
            content: {
              "application/json": {
                schema: Type.Object({
                  keys: Type.Array(
                    Type.Object({
                      vkey: Type.String({ description: "C2SP verifier key: `name+keyid+base64`" }),
                      name: Type.String(),
                      keyId: Type.String(),
                      active: Type.Boolean(),
                    }),
                  ),
                }),
              },
              "text/plain": { schema: Type.String() },
            },
          },
          ...errorResponses(400, 503),
        },
      },
    },
    async (request, reply) => {
      const keys = listVerifierKeys(deps);
      if (wantsText(request, request.query.format, "text")) {
        return reply.type("text/plain; charset=utf-8").send(keys.map((k) => `${k.vkey}\n`).join(""));
      }
      return reply.type("application/json; charset=utf-8").send({ keys });
    },
  );
}
