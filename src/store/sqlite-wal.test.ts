import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "./open-store.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = 2 ** 20;
const ROUNDS = 1000;
const CONCURRENT = 8;
/** Every READ_EVERY rounds another connection opens a read transaction and keeps it for READ_FOR rounds. */
const READ_EVERY = 40;
const READ_FOR = 6;

const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

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
      const store = openStore({
        sqliteFile: file,
        sqliteWalLimitBytes: LIMIT,
        sqliteCheckpointIntervalMs: intervalMs,
      });
      const largest = await writeSustained(store, file);
      await store.close();
      // The load was heavy enough to matter: the data alone is many times the limit.
      expect(statSync(file).size).toBeGreaterThan(4 * LIMIT);
      expect(largest).toBeLessThanOrEqual(2 * LIMIT);
      expect(walSize(file)).toBe(0);
    });
  }
});
