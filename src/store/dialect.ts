import type { SelectQueryBuilder } from "kysely";
import type { Db, Dialect } from "./types.js";

/**
 * Where the two stores differ, decided from the handle a query runs on, so that domain code neither
 * threads a dialect through its signatures nor branches on a dialect's name.
 *
 * The handle carries its dialect the way Kysely's own adapter does, except that Kysely keeps the adapter
 * internal: the store records the dialect of every handle it hands out (its `db`, and each transaction's
 * handle as the transaction starts) in a WeakMap. Chosen over a wrapper type because call sites keep
 * Kysely's handle and builder exactly as they are (`trx.selectFrom(…)`, one type, `Db`), the group
 * committer's connection handles need no conversion, and an entry goes with its handle. A handle that did
 * not come from the store (a test's own Kysely) is refused with an error rather than guessed.
 */
const dialects = new WeakMap<Db, Dialect>();

/** Record the dialect of a handle the store hands out (open-store.ts does, for every one). */
export function withDialect<H extends Db>(db: H, dialect: Dialect): H {
  dialects.set(db, dialect);
  return db;
}

/** The dialect of a handle the store handed out: `store.db` or a transaction's handle. */
export function dialectOf(db: Db): Dialect {
  const dialect = dialects.get(db);
  if (dialect === undefined) {
    throw new Error("this Kysely handle is not the store's: use store.db or the handle of store.transaction");
  }
  return dialect;
}

/**
 * `query` locking the rows it reads for the rest of the transaction: `FOR UPDATE` on PostgreSQL. SQLite
 * has no row locks and no `FOR UPDATE`; every store transaction there starts with BEGIN IMMEDIATE and so
 * already holds the database's single write lock, and the query runs as it is.
 */
export function forUpdate<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db) === "postgres" ? query.forUpdate() : query;
}

/**
 * Lock the rows `query` selects for the rest of the transaction, reading nothing: `SELECT … FOR UPDATE`
 * on PostgreSQL; on SQLite no statement at all, since the transaction's write lock already covers every
 * row (see forUpdate).
 */
export async function lockRows<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<void> {
  if (dialectOf(db) === "postgres") await query.forUpdate().execute();
}
