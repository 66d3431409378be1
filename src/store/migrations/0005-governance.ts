import type { Kysely } from "kysely";

/**
 * Data governance (src/governance): per tenant, how far the retention job has applied the contract's
 * retention periods (`retention_state`), and the indexes its batches read by — handoffs of a
 * conversation, stored idempotent responses by age.
 */

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("retention_state")
    .addColumn("tenant_id", "text", (c) => c.notNull().primaryKey())
    // Every conversation whose last activity is before this (epoch ms) has had its text removed…
    .addColumn("conversations_through", "bigint")
    // …and every one before this its personal data.
    .addColumn("personal_through", "bigint")
    // Counts (JSON) of changes committed by a run but not yet in the ledger, and since when: a run that
    // stops halfway leaves them here and the next run records them.
    .addColumn("pending", "text")
    .addColumn("pending_since", "bigint")
    .addColumn("last_run_at", "bigint")
    .addColumn("last_result", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addForeignKeyConstraint("retention_state_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();
  await db.schema
    .createIndex("handoffs_conversation_ix")
    .on("handoffs")
    .columns(["tenant_id", "conversation_id"])
    .execute();
  await db.schema
    .createIndex("idempotency_keys_created_ix")
    .on("idempotency_keys")
    .columns(["tenant_id", "created_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("idempotency_keys_created_ix").execute();
  await db.schema.dropIndex("handoffs_conversation_ix").execute();
  await db.schema.dropTable("retention_state").execute();
}
