import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateToLatest } from "../migrate.js";
import { openStore } from "../open-store.js";
import type { Dialect, Store } from "../types.js";

/**
 * Storage tests run once per backend: `for (const dialect of DIALECTS)`. SQLite always; PostgreSQL when
 * VOUCH_TEST_PG_URL names a server (CI sets it). Each PostgreSQL store lives in a schema of its own, so
 * test files run in parallel without seeing each other; the run's schemas are dropped when it ends.
 */
export const PG_URL = process.env.VOUCH_TEST_PG_URL;
export const DIALECTS: readonly Dialect[] = PG_URL ? ["sqlite", "postgres"] : ["sqlite"];

export interface TestStore extends Store {
  /** Close the store (a PostgreSQL schema is dropped when the test run ends). */
  dispose(): Promise<void>;
  /** Open another connection to the same database, as a restarted process would. */
  reopen(): Store;
  /** DATABASE_URL for another process (the built CLI) on the same PostgreSQL schema; undefined on SQLite. */
  readonly databaseUrl: string | undefined;
}

export async function createTestStore(dialect: Dialect, sqliteFile = ":memory:"): Promise<TestStore> {
  if (dialect === "sqlite") {
    const store = openStore({ sqliteFile });
    await migrateToLatest(store);
    return {
      ...store,
      dispose: () => store.close(),
      reopen: () => openStore({ sqliteFile }),
      databaseUrl: undefined,
    };
  }
  if (!PG_URL) throw new Error("VOUCH_TEST_PG_URL is not set");
  // Schemas are named after the test run and dropped all together when it ends (test/global-setup.ts).
  const schema = `t_${process.env.VOUCH_TEST_RUN ?? "adhoc"}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = openStore({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: 8 });
  await migrateToLatest(store);
  return {
    ...store,
    reopen: () => openStore({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: 8 }),
    dispose: () => store.close(),
    databaseUrl: `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  };
}

/** A bare tenant row (id `ten_1`, slug `one`), for store tests that need a tenant and nothing else. */
export async function insertTenantRow(store: Pick<Store, "db">): Promise<void> {
  await store.db
    .insertInto("tenants")
    .values({ tenant_id: "ten_1", slug: "one", name: "One", settings: "{}", knowledge_rev: 0, created_at: 0 })
    .execute();
}
