import { timingSafeEqual } from "node:crypto";
import { type ActorRef, ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { type Db, defineQuery, type StoreDeps } from "../store/index.js";
import { hashApiKey, type KeyScope, tenantOfKey } from "./api-keys.js";
import { type CreatedKey, insertKey, type Tenant, toTenant } from "./manage-tenants.js";

/** Who is calling: a tenant key with its scope, or the deployment operator (root key). */
export type Principal =
  | {
      readonly kind: "tenant";
      readonly tenantId: string;
      readonly keyId: string;
      readonly scope: KeyScope;
      readonly name: string;
      /** The tenant as it was when the request was authenticated (read in the same query as the key). */
      readonly tenant: Tenant;
    }
  | { readonly kind: "root" };

interface KeyInfo {
  readonly id: string;
  readonly name: string;
  readonly scope: KeyScope;
  readonly prefix: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** Who changed keys when the caller does not say (the routes and CLI can pass the calling key or command). */
const UNATTRIBUTED: ActorRef = { kind: "system", id: "unattributed" };

/** Create a key; its creation is recorded in the tenant's ledger in the same transaction. */
export async function createApiKey(
  deps: StoreDeps,
  tenantId: string,
  input: { scope: KeyScope; name: string },
  actor: ActorRef = UNATTRIBUTED,
): Promise<CreatedKey> {
  const who = await ledgerActor(deps.store, tenantId, actor);
  const now = deps.clock.now();
  return deps.store.transaction((trx) => insertKey(trx, tenantId, input.scope, input.name, now, who));
}

export async function listApiKeys(deps: Pick<StoreDeps, "store">, tenantId: string): Promise<KeyInfo[]> {
  const rows = await deps.store.db
    .selectFrom("api_keys")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.key_id,
    name: r.name,
    scope: r.scope,
    prefix: r.key_prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revoke a key; it fails authentication from the next request on. Revoking twice is a no-op. */
export async function revokeApiKey(
  deps: StoreDeps,
  tenantId: string,
  keyId: string,
  actor: ActorRef = UNATTRIBUTED,
): Promise<KeyInfo> {
  const who = await ledgerActor(deps.store, tenantId, actor);
  const now = deps.clock.now();
  return deps.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom("api_keys")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("key_id", "=", keyId)
      .executeTakeFirst();
    if (!row) throw new VouchError("NOT_FOUND", `key ${keyId} not found`);
    const revokedAt = row.revoked_at ?? now;
    if (row.revoked_at === null) {
      await trx
        .updateTable("api_keys")
        .set({ revoked_at: now })
        .where("tenant_id", "=", tenantId)
        .where("key_id", "=", keyId)
        .execute();
      await recordAdminActions(trx, tenantId, [
        {
          time: now,
          actor: who,
          action: "api_key.revoke",
          subject: { apiKey: keyId },
          details: { scope: row.scope },
        },
      ]);
    }
    return {
      id: row.key_id,
      name: row.name,
      scope: row.scope,
      prefix: row.key_prefix,
      createdAt: row.created_at,
      revokedAt,
    };
  });
}

const selectKeyWithTenant = defineQuery((db: Db, tenantId: string, keyHash: string) =>
  db
    .selectFrom("api_keys")
    .innerJoin("tenants", "tenants.tenant_id", "api_keys.tenant_id")
    .select([
      "api_keys.key_id",
      "api_keys.scope",
      "api_keys.name",
      "api_keys.revoked_at",
      "tenants.slug",
      "tenants.name as tenant_name",
      "tenants.settings",
      "tenants.knowledge_rev",
      "tenants.created_at",
    ])
    .where("api_keys.tenant_id", "=", tenantId)
    .where("api_keys.key_hash", "=", keyHash),
);

/**
 * Resolve a presented key to a principal, or undefined for unknown, malformed or revoked keys (the
 * caller answers 401 without saying which, so probing learns nothing).
 */
export async function authenticate(
  deps: Pick<StoreDeps, "store">,
  presented: string,
  rootKeyHash: string | undefined,
): Promise<Principal | undefined> {
  if (rootKeyHash && presented.startsWith("vroot_")) {
    const a = Buffer.from(hashApiKey(presented), "hex");
    const b = Buffer.from(rootKeyHash, "hex");
    return a.length === b.length && timingSafeEqual(a, b) ? { kind: "root" } : undefined;
  }
  const tenantId = tenantOfKey(presented);
  if (!tenantId) return undefined;
  // One query for the key and its tenant: every request needs the tenant's settings and knowledge revision.
  const row = (await selectKeyWithTenant(deps.store.db, tenantId, hashApiKey(presented))).rows[0];
  if (!row || row.revoked_at !== null) return undefined;
  const tenant = toTenant({
    tenant_id: tenantId,
    slug: row.slug,
    name: row.tenant_name,
    settings: row.settings,
    knowledge_rev: row.knowledge_rev,
    created_at: row.created_at,
  });
  return { kind: "tenant", tenantId, keyId: row.key_id, scope: row.scope, name: row.name, tenant };
}
