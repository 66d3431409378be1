import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Support contracts with their full history (issue 3). Per tenant: every uploaded document exactly as sent,
 * with its SHA-256, name, lint summary and who uploaded it (`contracts`); every activation with its
 * effective date and who made it (`contract_activations`); and one head row that numbers versions and
 * activations and that uploads and activations lock, so they serialise per tenant (`contract_heads`). The
 * contract in force at time t is the latest activation whose effective date is at or before t, so status is
 * derived from the activations rather than stored.
 *
 * Documents and activations are never changed: a trigger refuses UPDATE on both tables.
 */

type AnyDb = Kysely<unknown>;

const IMMUTABLE = ["contracts", "contract_activations"] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("contract_heads")
    .addColumn("tenant_id", "text", (c) => c.notNull().primaryKey())
    .addColumn("last_version", "integer", (c) => c.notNull())
    // Number of activations so far: the sequence of the latest one, and the revision the runtime's cache
    // compares to notice an activation made by another process.
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addForeignKeyConstraint("contract_heads_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("contracts")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("contract_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("revision_label", "text")
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("lint_errors", "integer", (c) => c.notNull())
    .addColumn("lint_warnings", "integer", (c) => c.notNull())
    .addColumn("lint_infos", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("contracts_pk", ["tenant_id", "contract_id"])
    .addUniqueConstraint("contracts_version_uq", ["tenant_id", "version"])
    // The same bytes uploaded again are the same contract, not a new version.
    .addUniqueConstraint("contracts_sha256_uq", ["tenant_id", "sha256"])
    .addForeignKeyConstraint("contracts_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("contract_activations")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("contract_id", "text", (c) => c.notNull())
    .addColumn("effective_from", "bigint", (c) => c.notNull())
    .addColumn("activated_by", "text", (c) => c.notNull())
    .addColumn("activated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("contract_activations_pk", ["tenant_id", "seq"])
    .addForeignKeyConstraint("contract_activations_contract_fk", ["tenant_id", "contract_id"], "contracts", [
      "tenant_id",
      "contract_id",
    ])
    .execute();
  await db.schema
    .createIndex("contract_activations_contract_ix")
    .on("contract_activations")
    .columns(["tenant_id", "contract_id"])
    .execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`create function contract_rows_immutable() returns trigger language plpgsql as $$
      begin raise exception 'contract rows are never changed (%)', tg_table_name; end $$`.execute(db);
  }
  for (const table of IMMUTABLE) {
    const trigger = sql.id(`${table}_no_update`);
    if (postgres) {
      await sql`create trigger ${trigger} before update on ${sql.table(table)}
        for each row execute function contract_rows_immutable()`.execute(db);
    } else {
      await sql`create trigger ${trigger} before update on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`contract rows are never changed (${table})`)}); end`.execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ["contract_activations", "contracts", "contract_heads"]) {
    await db.schema.dropTable(t).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists contract_rows_immutable()`.execute(db);
  }
}
