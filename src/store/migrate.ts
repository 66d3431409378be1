import {
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationResultSet,
  Migrator,
  sql,
} from "kysely";
import * as m0001 from "./migrations/0001-initial.js";
import * as m0002ledger from "./migrations/0002-ledger.js";
import * as m0003contracts from "./migrations/0003-contracts.js";
import * as m0004ledgerQueue from "./migrations/0004-ledger-queue.js";
import * as m0005governance from "./migrations/0005-governance.js";
import * as m0006ledgerNodesByLastLeaf from "./migrations/0006-ledger-nodes-by-last-leaf.js";
import * as m0007ledgerSubjectsBehind from "./migrations/0007-ledger-subjects-behind.js";
import * as m0008conversationTokens from "./migrations/0008-conversation-tokens.js";
import * as m0009outcomeWindows from "./migrations/0009-outcome-windows.js";
import * as m0010ledgerSubjectsWithEntries from "./migrations/0010-ledger-subjects-with-entries.js";
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
  "0008-conversation-tokens": m0008conversationTokens,
  "0009-outcome-windows": m0009outcomeWindows,
  "0010-ledger-subjects-with-entries": m0010ledgerSubjectsWithEntries,
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
  const db = store.db as unknown as Kysely<unknown>;
  return new Migrator({
    db: schema ? withIntrospectionOf(db, schema) : db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * `db`, its introspection limited to the tables of one schema, by name. The Migrator asks the introspector
 * whether its bookkeeping tables exist, and Kysely's PostgreSQL introspector reads every column of every
 * schema for that, calling pg_get_serial_sequence on each: it fails ("schema … does not exist", "column …
 * does not exist") when another schema's table or column is dropped at that moment — tests migrating
 * their schemas in parallel did, and so would a database shared with another application. The Migrator
 * needs no more than table names (and schema names, to know whether to create its schema).
 */
function withIntrospectionOf(db: Kysely<unknown>, schema: string): Kysely<unknown> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      return [{ name: schema }];
    },
    async getTables() {
      const rows = await sql<{ name: string; type: string }>`
        select table_name as name, table_type as type from information_schema.tables
        where table_schema = ${schema}`.execute(db);
      return rows.rows.map((r) => ({ name: r.name, schema, isView: r.type === "VIEW", columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === "introspection") return introspection;
      const value: unknown = Reflect.get(target, property, target);
      // Kysely's methods use private fields: call them on the instance itself, not on the proxy.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
