import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The ledger's queue: entries recorded in a customer message's transaction wait here (one row insert, no
 * lock) until the sequencer gives them their place in the tenant's Merkle log, in batches (see
 * src/ledger/store/sequence-ledger.ts). A row exists exactly when the transaction that queued it committed;
 * the sequencer deletes it in the transaction that appends it to the log.
 */

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("ledger_pending")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("queued_at", "bigint", (c) => c.notNull())
    .addColumn("pending_id", "text", (c) => c.notNull())
    // The entry as JSON; the sequencer validates and canonicalises it.
    .addColumn("entry", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_pending_pk", ["tenant_id", "queued_at", "pending_id"])
    .modifyEnd(sql`${sql.raw(postgres ? "" : "without rowid")}`)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("ledger_pending").execute();
}
