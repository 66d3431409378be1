import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from "kysely";
import * as m0001 from "./migrations/0001-initial.js";
import * as m0002ledger from "./migrations/0002-ledger.js";
import * as m0003contracts from "./migrations/0003-contracts.js";
import * as m0004ledgerQueue from "./migrations/0004-ledger-queue.js";
import * as m0005governance from "./migrations/0005-governance.js";
import * as m0006ledgerNodesByLastLeaf from "./migrations/0006-ledger-nodes-by-last-leaf.js";
import * as m0007ledgerSubjectsBehind from "./migrations/0007-ledger-subjects-behind.js";
import type { Store } from "./open-store.js";

/** Every migration, in order. Both stores run exactly these. */
const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-ledger": m0002ledger,
  "0003-contracts": m0003contracts,
  "0004-ledger-queue": m0004ledgerQueue,
  "0005-governance": m0005governance,
  "0006-ledger-nodes-by-last-leaf": m0006ledgerNodesByLastLeaf,
  "0007-ledger-subjects-behind": m0007ledgerSubjectsBehind,
};

/** Bring the schema up to date; returns Kysely's per-migration result set. Throws on the first failure. */
export async function migrateToLatest(store: Store): Promise<MigrationResultSet> {
  const result = await (await migrator(store)).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/**
 * Bring the schema to exactly the migration named (up or down), e.g. to test a later migration's data
 * conversion. Throws on the first failure.
 */
export async function migrateTo(store: Store, name: keyof typeof MIGRATIONS): Promise<MigrationResultSet> {
  const result = await (await migrator(store)).migrateTo(name);
  if (result.error) throw result.error;
  return result;
}

async function migrator(store: Store): Promise<Migrator> {
  // On PostgreSQL, Kysely looks its bookkeeping tables up across all schemas unless told which one; with
  // several schemas on one server (tests, or several deployments) it would find another schema's lock
  // table. Name the connection's own schema.
  const schema =
    store.dialect === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: store.db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
