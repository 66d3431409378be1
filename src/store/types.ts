import type { Kysely } from "kysely";
import type { Clock } from "../shared/clock.js";
import type { Database } from "./schema.js";

/**
 * The store's leaf types, imported by every module of the store and by the capabilities; this module
 * imports no other module of the store but the row types, so importing it never closes a cycle.
 */

export type Dialect = "sqlite" | "postgres";

/**
 * A Kysely handle, inside or outside a transaction; every query goes through one of these. A handle the
 * store hands out knows its dialect (`dialectOf` in dialect.ts): domain code passes the handle, never the
 * dialect.
 */
export type Db = Kysely<Database>;

/**
 * The system of record: one Kysely instance over either the embedded SQLite file or PostgreSQL. Domain
 * code sees only `db` and `transaction`; where the stores differ (row locks, one statement for several
 * tables) the store's fragments decide from the handle (dialect.ts, prepared-query.ts).
 */
export interface Store {
  readonly db: Db;
  /** Which store this is (the readiness check reports it); a query's handle says the same (dialectOf). */
  readonly dialect: Dialect;
  /**
   * Run `fn` in one transaction and resolve once it is committed. On SQLite transactions are group
   * committed (see group-commit.ts) under BEGIN IMMEDIATE, so one that reads then writes never fails
   * halfway with SQLITE_BUSY when another process (the CLI) writes too. `fn` must not start another
   * transaction.
   */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What most use cases need: the store and a clock. */
export interface StoreDeps {
  readonly store: Store;
  readonly clock: Clock;
}
