import { type ActorRef, type EntryActor, ledgerActor, recordAdminActions } from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Db, StoreDeps, TenantsTable } from "../store/index.js";
import { generateApiKey, type KeyScope } from "./api-keys.js";
import { applySettingsPatch, DEFAULT_SETTINGS, readSettings, type TenantSettings } from "./settings.js";

export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly settings: TenantSettings;
  readonly knowledgeRev: number;
  readonly createdAt: number;
}

export interface CreatedKey {
  readonly id: string;
  readonly name: string;
  readonly scope: KeyScope;
  /** The secret; shown once, never stored. */
  readonly key: string;
}

export const toTenant = (r: TenantsTable): Tenant => ({
  id: r.tenant_id,
  slug: r.slug,
  name: r.name,
  settings: readSettings(r.settings),
  knowledgeRev: r.knowledge_rev,
  createdAt: r.created_at,
});

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The deployment operator (root key), who creates tenants. */
const OPERATOR: EntryActor = { kind: "system", id: "operator" };

/** Create a tenant and its first admin key, in one transaction, recorded in the tenant's new ledger. */
export async function createTenant(
  deps: StoreDeps,
  input: { name: string; slug: string; settings?: unknown },
  actor: EntryActor = OPERATOR,
): Promise<{ tenant: Tenant; adminKey: CreatedKey }> {
  if (!SLUG.test(input.slug)) {
    throw new VouchError("VALIDATION_FAILED", "slug must be 2–63 characters of a-z, 0-9 and '-'", {
      path: "/slug",
    });
  }
  const settings = applySettingsPatch(DEFAULT_SETTINGS, input.settings ?? {});
  const now = deps.clock.now();
  const tenantId = newId("tenant", now);
  return deps.store.transaction(async (trx) => {
    const clash = await trx
      .selectFrom("tenants")
      .select("tenant_id")
      .where("slug", "=", input.slug)
      .executeTakeFirst();
    if (clash) throw new VouchError("CONFLICT", `a tenant with slug ${input.slug} already exists`);
    const row: TenantsTable = {
      tenant_id: tenantId,
      slug: input.slug,
      name: input.name,
      settings: JSON.stringify(settings),
      knowledge_rev: 0,
      created_at: now,
    };
    await trx.insertInto("tenants").values(row).execute();
    await recordAdminActions(trx, tenantId, [
      { time: now, actor, action: "tenant.create", details: { slug: input.slug, settings } },
    ]);
    const adminKey = await insertKey(trx, tenantId, "admin", "initial admin key", now, actor);
    return { tenant: toTenant(row), adminKey };
  });
}

/** Insert a key and record its creation in the tenant's ledger (the name stays out: it may name a person). */
export async function insertKey(
  trx: Db,
  tenantId: string,
  scope: KeyScope,
  name: string,
  now: number,
  actor: EntryActor,
) {
  const { key, hash, prefix } = generateApiKey(tenantId);
  const id = newId("apiKey", now);
  await trx
    .insertInto("api_keys")
    .values({
      tenant_id: tenantId,
      key_id: id,
      name,
      scope,
      key_hash: hash,
      key_prefix: prefix,
      created_at: now,
      revoked_at: null,
    })
    .execute();
  await recordAdminActions(trx, tenantId, [
    { time: now, actor, action: "api_key.create", subject: { apiKey: id }, details: { scope } },
  ]);
  return { id, name, scope, key } satisfies CreatedKey;
}

export async function listTenants(deps: Pick<StoreDeps, "store">): Promise<Tenant[]> {
  const rows = await deps.store.db.selectFrom("tenants").selectAll().orderBy("created_at").execute();
  return rows.map(toTenant);
}

export async function getTenant(deps: Pick<StoreDeps, "store">, tenantId: string): Promise<Tenant> {
  const row = await deps.store.db
    .selectFrom("tenants")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) throw new VouchError("NOT_FOUND", `tenant ${tenantId} not found`);
  return toTenant(row);
}

/**
 * The tenant a CLI command acts on: the one named by id or slug, or the only tenant when there is one.
 */
export async function resolveTenant(
  deps: Pick<StoreDeps, "store">,
  idOrSlug: string | undefined,
): Promise<Tenant> {
  if (idOrSlug) {
    const row = await deps.store.db
      .selectFrom("tenants")
      .selectAll()
      .where((eb) => eb.or([eb("tenant_id", "=", idOrSlug), eb("slug", "=", idOrSlug)]))
      .executeTakeFirst();
    if (!row) throw new VouchError("NOT_FOUND", `tenant ${idOrSlug} not found`);
    return toTenant(row);
  }
  const rows = await deps.store.db.selectFrom("tenants").selectAll().limit(2).execute();
  if (rows.length === 0)
    throw new VouchError("NOT_FOUND", "no tenant exists yet; run `vouch demo` or create one");
  if (rows.length > 1)
    throw new VouchError("TENANT_REQUIRED", "several tenants exist; pass --tenant <id or slug>");
  return toTenant(rows[0]!);
}

/** Update a tenant's agent settings; takes effect on the next message, no restart. Recorded in the ledger. */
export async function updateSettings(
  deps: StoreDeps,
  tenantId: string,
  patch: unknown,
  actor: ActorRef = { kind: "system", id: "unattributed" },
): Promise<Tenant> {
  const who = await ledgerActor(deps.store, tenantId, actor);
  const now = deps.clock.now();
  return deps.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom("tenants")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
    if (!row) throw new VouchError("NOT_FOUND", `tenant ${tenantId} not found`);
    const settings = applySettingsPatch(readSettings(row.settings), patch);
    await trx
      .updateTable("tenants")
      .set({ settings: JSON.stringify(settings) })
      .where("tenant_id", "=", tenantId)
      .execute();
    await recordAdminActions(trx, tenantId, [
      { time: now, actor: who, action: "tenant.settings.update", details: { settings } },
    ]);
    return toTenant({ ...row, settings: JSON.stringify(settings) });
  });
}

/** Bump the knowledge revision so every process retrains the tenant's resolver on its next message. */
export async function bumpKnowledgeRev(trx: Db, tenantId: string): Promise<void> {
  await trx
    .updateTable("tenants")
    .set((eb) => ({ knowledge_rev: eb("knowledge_rev", "+", 1) }))
    .where("tenant_id", "=", tenantId)
    .execute();
}
