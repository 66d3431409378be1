import { chmodSync, closeSync, openSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { makePrivateDir, type WarnLog, warnIfShared } from "../shared/private-files.js";
import { withDialect } from "./dialect.js";
import { GroupCommitter } from "./group-commit.js";
import type { Database } from "./schema.js";
import { startCheckpointer, walLimiter } from "./sqlite-checkpointer.js";
import type { Store } from "./types.js";

export type { Db, Dialect, Store } from "./types.js";

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, `sqliteFile` is used. */
  readonly databaseUrl?: string | undefined;
  /** Path of the SQLite file, or ":memory:". */
  readonly sqliteFile?: string;
  /**
   * SQLite: the size in bytes past which the request connection checkpoints the write-ahead log itself so
   * that it restarts from its beginning (sqlite-checkpointer.ts). Default 64 MiB.
   */
  readonly sqliteWalLimitBytes?: number;
  /** SQLite: milliseconds between the checkpoint thread's passes (sqlite-checkpointer.ts). Default 250. */
  readonly sqliteCheckpointIntervalMs?: number;
  /** PostgreSQL schema to work in (tests use one schema each). */
  readonly pgSchema?: string;
  readonly pgPoolSize?: number;
  /** Where the store reports what an operator must act on; default: stderr. */
  readonly log?: StoreLog;
}

/** The part of a pino logger the store uses. */
export interface StoreLog extends WarnLog {
  error(obj: object, msg: string): void;
}

const stderrLog: StoreLog = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export const DEFAULT_SQLITE_WAL_LIMIT_BYTES = 64 * 2 ** 20;

/** SQLite's own default for wal_autocheckpoint, in pages. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export function openStore(opts: StoreOptions): Store {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.pgSchema, opts.pgPoolSize ?? 10);
  return openSqlite(opts.sqliteFile ?? ":memory:", opts);
}

/**
 * The embedded store. Its write-ahead log stays within `sqliteWalLimitBytes` plus one batch of
 * transactions, except while a reader in another connection holds an old snapshot: see
 * sqlite-checkpointer.ts for how and why.
 */
function openSqlite(file: string, opts: StoreOptions): Store {
  const log = opts.log ?? stderrLog;
  if (file !== ":memory:") createPrivateFile(file, log);
  const raw = new SqliteDatabase(file);
  raw.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a commit survives a process crash; only an OS crash can lose the last commits.
  raw.pragma("synchronous = NORMAL");
  raw.pragma("foreign_keys = ON");
  raw.pragma("busy_timeout = 5000");
  const db = withDialect(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) }),
    "sqlite",
  );
  const committer = new GroupCommitter(db);
  const run: Store["transaction"] = (fn) => committer.run((trx) => fn(withDialect(trx, "sqlite")));
  // Memory stores have no WAL.
  if (file === ":memory:") {
    return { db, dialect: "sqlite", transaction: run, close: () => db.destroy() };
  }
  const limitBytes = opts.sqliteWalLimitBytes ?? DEFAULT_SQLITE_WAL_LIMIT_BYTES;
  raw.pragma("wal_autocheckpoint = 0");
  raw.pragma(`journal_size_limit = ${limitBytes}`);
  const limitWal = walLimiter(raw, limitBytes);
  const checkpointer = startCheckpointer(file, {
    intervalMs: opts.sqliteCheckpointIntervalMs ?? 250,
    onFailure: (err) => {
      // Without the thread, small checkpoints on commit (SQLite's default) beat copying the whole limit at once.
      if (raw.open) raw.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      log.error(
        { err, file },
        `the WAL checkpoint thread failed; the request connection now checkpoints ${file} itself, every ${SQLITE_AUTOCHECKPOINT_PAGES} pages`,
      );
    },
  });
  return {
    db,
    dialect: "sqlite",
    transaction: async (fn) => {
      const result = await run(fn);
      const err = limitWal();
      if (err) log.error({ err, file }, `checkpointing ${file} failed; the WAL may grow past its limit`);
      return result;
    },
    close: async () => {
      await db.destroy();
      await checkpointer.stop();
    },
  };
}

/**
 * The database holds transcripts and key digests: its folder is created owner-only and the file itself
 * 0600 before SQLite opens it, since SQLite gives the -wal and -shm files the database file's mode.
 * Existing ones are left as they are, with a warning when others may read them.
 */
function createPrivateFile(file: string, log: WarnLog): void {
  makePrivateDir(dirname(file));
  try {
    closeSync(openSync(file, "wx", 0o600));
    // The mode given to open is narrowed by the umask; chmod sets it exactly.
    chmodSync(file, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) warnIfShared(f, "600", log);
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
  const db = withDialect(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  return {
    db,
    dialect: "postgres",
    transaction: (fn) => db.transaction().execute((trx) => fn(withDialect(trx, "postgres"))),
    close: () => db.destroy(),
  };
}
