import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore, type Store, type StoreLog } from "./open-store.js";
import type * as Checkpointer from "./sqlite-checkpointer.js";

// A test may make the store's checkpoint thread fail for real, as a thread that died would (it is pointed
// at a database it cannot open), or make the request connection's checkpoint fail.
const broken = vi.hoisted(() => ({ thread: false, walLimit: undefined as Error | undefined }));
vi.mock("./sqlite-checkpointer.js", async (importOriginal) => {
  const real = await importOriginal<typeof Checkpointer>();
  return {
    ...real,
    startCheckpointer: (file: string, opts: Checkpointer.CheckpointerOptions) =>
      real.startCheckpointer(broken.thread ? join(tmpdir(), "vouch-no-such-dir", "vouch.db") : file, opts),
    walLimiter: (...args: Parameters<typeof Checkpointer.walLimiter>) => {
      const limit = real.walLimiter(...args);
      return () => broken.walLimit ?? limit();
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "vouch-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = 2 ** 20;
const ROUNDS = 1000;
const CONCURRENT = 8;
/** Every READ_EVERY rounds another connection opens a read transaction and keeps it for READ_FOR rounds. */
const READ_EVERY = 40;
const READ_FOR = 6;

const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

/** A log that keeps what it is told, and a promise of its first error. */
function recordingLog() {
  const errors: { obj: object; msg: string }[] = [];
  let logged: () => void = () => {};
  const firstError = new Promise<void>((resolve) => {
    logged = resolve;
  });
  const log: StoreLog = {
    warn: () => {},
    error: (obj, msg) => {
      errors.push({ obj, msg });
      logged();
    },
  };
  return { log, errors, firstError };
}

/**
 * A sustained stream of group-committed transactions, each inserting a row under a random key (so every
 * commit dirties pages all over the index), while another connection holds read snapshots now and then.
 * Returns the largest WAL file seen after any round.
 */
async function writeSustained(store: Store, file: string): Promise<number> {
  await sql`create table filler (id integer primary key, k text not null, v blob not null)`.execute(store.db);
  await sql`create index filler_k on filler (k)`.execute(store.db);
  const reader = new Database(file, { readonly: true });
  let largest = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (round % READ_EVERY === 0) {
        reader.exec("begin");
        reader.prepare("select count(*) from filler").get();
      }
      if (round % READ_EVERY === READ_FOR) reader.exec("commit");
      await Promise.all(
        Array.from({ length: CONCURRENT }, () =>
          store.transaction((trx) =>
            sql`insert into filler (k, v) values (${randomBytes(16).toString("hex")}, ${randomBytes(800)})`.execute(
              trx,
            ),
          ),
        ),
      );
      largest = Math.max(largest, walSize(file));
    }
  } finally {
    if (reader.inTransaction) reader.exec("commit");
    reader.close();
  }
  return largest;
}

describe("the SQLite write-ahead log under sustained writes", () => {
  for (const [name, intervalMs] of [
    ["with the checkpoint thread", 5],
    ["when the checkpoint thread does not run (the request connection alone)", 3_600_000],
  ] as const) {
    it(`stays within twice its limit ${name}, and is truncated on close`, async () => {
      const file = join(dir, `${intervalMs}.db`);
      const { log, errors } = recordingLog();
      const store = openStore({
        sqliteFile: file,
        sqliteWalLimitBytes: LIMIT,
        sqliteCheckpointIntervalMs: intervalMs,
        log,
      });
      const largest = await writeSustained(store, file);
      await store.close();
      // The load was heavy enough to matter: the data alone is many times the limit.
      expect(statSync(file).size).toBeGreaterThan(4 * LIMIT);
      expect(largest).toBeLessThanOrEqual(2 * LIMIT);
      expect(walSize(file)).toBe(0);
      expect(errors).toEqual([]);
    });
  }
});

describe("when the WAL checkpoint thread fails", () => {
  beforeAll(() => {
    broken.thread = true;
  });
  afterAll(() => {
    broken.thread = false;
  });

  it("logs it and the request connection checkpoints on commit, as SQLite does by default", async () => {
    const { log, errors, firstError } = recordingLog();
    const file = join(dir, "vouch.db");
    const store = openStore({ sqliteFile: file, log });
    const autocheckpoint = async () =>
      (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0]
        ?.wal_autocheckpoint;
    expect(await autocheckpoint()).toBe(0);
    await firstError;
    expect(errors.map((e) => e.msg)).toEqual([expect.stringContaining(`checkpoint thread failed`)]);
    expect(errors[0]?.msg).toContain(file);
    expect(await autocheckpoint()).toBe(1000);
    await store.close();
  });
});

describe("when the request connection's checkpoint fails", () => {
  it("logs it with the file, and the transaction it follows still succeeds", async () => {
    const { log, errors } = recordingLog();
    const file = join(dir, "limited.db");
    const store = openStore({ sqliteFile: file, log });
    const cause = new Error("disk I/O error");
    broken.walLimit = cause;
    try {
      expect(await store.transaction(async () => "committed")).toBe("committed");
    } finally {
      broken.walLimit = undefined;
    }
    expect(errors).toEqual([
      { obj: { err: cause, file }, msg: `checkpointing ${file} failed; the WAL may grow past its limit` },
    ]);
    await store.close();
  });
});
