import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import {
  createApiKey,
  createTenant,
  getTenant,
  KEY_SCOPES,
  listApiKeys,
  listTenants,
  revokeApiKey,
  type Tenant,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
  updateSettings,
} from "../../tenants/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import { IdParams } from "../route-support.js";
import type { ServerDeps } from "../types.js";

export const TenantView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  settings: TenantSettingsSchema,
  knowledgeRev: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
});
const toView = (t: Tenant) => ({
  ...t,
  settings: { ...t.settings },
  createdAt: new Date(t.createdAt).toISOString(),
});

const Scope = Type.Enum([...KEY_SCOPES]);
export const KeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  prefix: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  revokedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
export const CreatedKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  key: Type.String({ description: "The secret. Shown once; store it now." }),
});
/** The ledger actor for an action taken with an API key: the key's id, never its holder's name. */
const keyActor = (p: { keyId: string }) => ({ kind: "api_key" as const, id: p.keyId });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function registerTenantRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/v1/tenants",
    {
      config: { access: "root" },
      schema: {
        operationId: "createTenant",
        tags: ["tenants"],
        summary: "Create a tenant and its first admin key (deployment root key)",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            slug: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,62}$" }),
            settings: Type.Optional(TenantSettingsPatchSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ tenant: TenantView, adminKey: CreatedKeyView }),
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const r = await createTenant(deps, request.body);
      return reply.code(201).send({ tenant: toView(r.tenant), adminKey: r.adminKey });
    },
  );

  app.get(
    "/v1/tenants",
    {
      config: { access: "root" },
      schema: {
        operationId: "listTenants",
        tags: ["tenants"],
        summary: "List tenants (deployment root key)",
        response: { 200: Type.Object({ items: Type.Array(TenantView) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: (await listTenants(deps)).map(toView) }),
  );

  app.get(
    "/v1/tenant",
    {
      config: { access: ["admin", "agent"] },
      schema: {
        operationId: "getTenant",
        tags: ["tenants"],
        summary: "The caller's tenant and its agent settings",
        response: { 200: TenantView, ...errorResponses(401, 403) },
      },
    },
    async (request) => toView(await getTenant(deps, tenantPrincipal(request).tenantId)),
  );

  app.patch(
    "/v1/tenant/settings",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "updateTenantSettings",
        tags: ["tenants"],
        summary: "Change thresholds and escalation triggers; effective on the next message",
        body: TenantSettingsPatchSchema,
        response: { 200: TenantView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      return toView(await updateSettings(deps, p.tenantId, request.body, keyActor(p)));
    },
  );

  app.get(
    "/v1/keys",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "listApiKeys",
        tags: ["tenants"],
        summary: "List API keys (secrets are never shown again)",
        response: { 200: Type.Object({ items: Type.Array(KeyView) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({
      items: (await listApiKeys(deps, tenantPrincipal(request).tenantId)).map((k) => ({
        ...k,
        createdAt: new Date(k.createdAt).toISOString(),
        revokedAt: iso(k.revokedAt),
      })),
    }),
  );

  app.post(
    "/v1/keys",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "createApiKey",
        tags: ["tenants"],
        summary: "Create an API key",
        body: Type.Object(
          { scope: Scope, name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 201: CreatedKeyView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createApiKey(
            deps,
            tenantPrincipal(request).tenantId,
            request.body,
            keyActor(tenantPrincipal(request)),
          ),
        ),
  );

  app.delete(
    "/v1/keys/:id",
    {
      config: { access: ["admin"] },
      schema: {
        operationId: "revokeApiKey",
        tags: ["tenants"],
        summary: "Revoke an API key; it stops working immediately",
        params: IdParams,
        response: { 200: KeyView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const p = tenantPrincipal(request);
      const k = await revokeApiKey(deps, p.tenantId, request.params.id, keyActor(p));
      return { ...k, createdAt: new Date(k.createdAt).toISOString(), revokedAt: iso(k.revokedAt) };
    },
  );
}
