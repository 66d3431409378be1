import { type Kysely, sql } from "kysely";

/**
 * End customers and idempotency callers:
 * - `conversations.token_hash`: SHA-256 (hex) of the conversation's token (`vct_…`), the capability an end
 *   customer presents for every widget-scope action on that conversation. The token itself is shown
 *   once, when the conversation starts. Conversations started before this migration have none: staff
 *   keys still reach them, widget keys never do.
 * - `idempotency_keys.caller`: whose namespace an `Idempotency-Key` lives in (the API key id, and for an
 *   end customer's call on a conversation also the digest of its token), so two callers of one tenant
 *   never replay each other's stored responses. The primary key becomes (tenant_id, caller, idem_key),
 *   which means rebuilding the table; stored responses are copied with the caller `legacy`, which no
 *   request presents, so a retry that straddles the upgrade runs again instead of replaying.
 *
 * Down keeps one stored response per (tenant, key): the most recent.
 */

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("conversations").addColumn("token_hash", "text").execute();
  await db.schema
    .createTable("idempotency_keys_next")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("caller", "text", (c) => c.notNull())
    .addColumn("idem_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("response", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_caller_pk", ["tenant_id", "caller", "idem_key"])
    .addForeignKeyConstraint("idempotency_keys_caller_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();
  await sql`insert into idempotency_keys_next
    (tenant_id, caller, idem_key, fingerprint, status_code, response, created_at)
    select tenant_id, 'legacy', idem_key, fingerprint, status_code, response, created_at
    from idempotency_keys`.execute(db);
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema.alterTable("idempotency_keys_next").renameTo("idempotency_keys").execute();
  await db.schema
    .createIndex("idempotency_keys_created_ix")
    .on("idempotency_keys")
    .columns(["tenant_id", "created_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("idempotency_keys_prev")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("idem_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("response", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["tenant_id", "idem_key"])
    .addForeignKeyConstraint("idempotency_keys_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();
  await sql`insert into idempotency_keys_prev
    (tenant_id, idem_key, fingerprint, status_code, response, created_at)
    select k.tenant_id, k.idem_key, k.fingerprint, k.status_code, k.response, k.created_at
    from idempotency_keys k
    where not exists (select 1 from idempotency_keys later
      where later.tenant_id = k.tenant_id and later.idem_key = k.idem_key
        and (later.created_at > k.created_at
          or (later.created_at = k.created_at and later.caller > k.caller)))`.execute(db);
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema.alterTable("idempotency_keys_prev").renameTo("idempotency_keys").execute();
  await db.schema
    .createIndex("idempotency_keys_created_ix")
    .on("idempotency_keys")
    .columns(["tenant_id", "created_at"])
    .execute();
  await db.schema.alterTable("conversations").dropColumn("token_hash").execute();
}
