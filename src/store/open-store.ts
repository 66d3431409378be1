import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { GroupCommitter } from "./group-commit.js";
import type { Database } from "./schema.js";
import { type Checkpointer, startCheckpointer } from "./sqlite-checkpointer.js";

export type Dialect = "sqlite" | "postgres";

/** A Kysely handle, inside or outside a transaction; every query goes through one of these. */
export type Db = Kysely<Database>;

/**
 * The system of record: one Kysely instance over either the embedded SQLite file or PostgreSQL. Domain
 * code sees only `db` and `transaction`, never the dialect, except where locking differs (see `lockRow`).
 */
export interface Store {
  readonly db: Db;
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

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, `sqliteFile` is used. */
  readonly databaseUrl?: string | undefined;
  /** Path of the SQLite file, or ":memory:". */
  readonly sqliteFile?: string;
  /** PostgreSQL schema to work in (tests use one schema each). */
  readonly pgSchema?: string;
  readonly pgPoolSize?: number;
}

export function openStore(opts: StoreOptions): Store {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.pgSchema, opts.pgPoolSize ?? 10);
  return openSqlite(opts.sqliteFile ?? ":memory:");
}

function openSqlite(file: string): Store {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a commit survives a process crash; only an OS crash can lose the last commits.
  raw.pragma("synchronous = NORMAL");
  raw.pragma("foreign_keys = ON");
  raw.pragma("busy_timeout = 5000");
  // A file store checkpoints on its own thread (see sqlite-checkpointer.ts); memory stores have no WAL.
  let checkpointer: Checkpointer | undefined;
  if (file !== ":memory:") {
    raw.pragma("wal_autocheckpoint = 0");
    checkpointer = startCheckpointer(file);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  const committer = new GroupCommitter(db);
  return {
    db,
    dialect: "sqlite",
    transaction: (fn) => committer.run(fn),
    close: async () => {
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing is a large
 * share of a small query's cost, so the dialect gets a Database whose `prepare` remembers statements.
 */
function withStatementCache(raw: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = raw.prepare(source);
      if (cache.size >= 500) cache.clear();
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === "prepare") return prepare;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function openPostgres(url: string, schema: string | undefined, max: number): Store {
  // int8 (bigint) columns hold epoch milliseconds and counters, all far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}
