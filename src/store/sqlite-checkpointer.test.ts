import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startCheckpointer, walLimiter } from "./sqlite-checkpointer.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walSize = (file: string) => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;

/** A database in WAL mode that never checkpoints on its own, with a WAL past `bytes`. */
function grownWal(name: string, bytes: number) {
  const file = join(dir, name);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.pragma(`journal_size_limit = ${bytes}`);
  db.exec("create table t (v blob)");
  const insert = db.prepare("insert into t values (randomblob(1000))");
  while (walSize(file) <= bytes) insert.run();
  return { file, db, insert };
}

/** Start a checkpointer on `file` and collect what it reports. */
function watch(file: string) {
  const failures: Error[] = [];
  let reported: (e: Error) => void = () => {};
  const firstFailure = new Promise<Error>((resolve) => {
    reported = resolve;
  });
  const checkpointer = startCheckpointer(file, {
    intervalMs: 5,
    onFailure: (e) => {
      failures.push(e);
      reported(e);
    },
  });
  return { checkpointer, failures, firstFailure };
}

describe("the WAL checkpoint thread", () => {
  it("truncates the WAL when stopped", async () => {
    const file = join(dir, "ok.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec("create table t (v blob)");
    for (let i = 0; i < 200; i++) db.prepare("insert into t values (randomblob(1000))").run();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(200_000);
    const { checkpointer, failures } = watch(file);
    await checkpointer.stop();
    db.close();
    expect(statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    expect(failures).toEqual([]);
  });

  it("reports once that it cannot open the database, and stop() still resolves", async () => {
    const { checkpointer, failures, firstFailure } = watch(join(dir, "no-such-dir", "x.db"));
    expect((await firstFailure).message).toMatch(/directory does not exist/);
    await checkpointer.stop();
    expect(failures).toHaveLength(1);
  });

  it("reports a checkpoint that fails, then stops checkpointing", async () => {
    const file = join(dir, "garbage.db");
    writeFileSync(file, Buffer.alloc(8192, 7));
    const { checkpointer, failures, firstFailure } = watch(file);
    expect((await firstFailure).message).toMatch(/SQLITE_NOTADB: file is not a database/);
    await checkpointer.stop();
    expect(failures).toHaveLength(1);
  });
});

describe("the request connection's WAL limit", () => {
  const LIMIT = 64 * 1024;

  it("does nothing while the WAL is within its limit", () => {
    const { file, db, insert } = grownWal("within.db", LIMIT);
    const limit = walLimiter(db, 4 * LIMIT);
    expect(limit()).toBeUndefined();
    const before = walSize(file);
    insert.run();
    expect(walSize(file)).toBeGreaterThan(before);
    db.close();
  });

  it("past its limit, checkpoints so that the next commit restarts the log within the limit", () => {
    const { file, db, insert } = grownWal("past.db", LIMIT);
    const limit = walLimiter(db, LIMIT);
    expect(limit()).toBeUndefined();
    insert.run();
    expect(walSize(file)).toBeLessThanOrEqual(LIMIT);
    db.close();
  });

  it("returns a failed checkpoint's error instead of throwing, and tries once per WAL size", () => {
    const { file, db } = grownWal("fails.db", LIMIT);
    // Another connection keeps the WAL as it is once the limited one is closed under it.
    const keeper = new Database(file);
    keeper.prepare("select count(*) from t").get();
    const limit = walLimiter(db, LIMIT);
    db.close();
    const err = limit();
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toBe("The database connection is not open");
    // The same file again: no second try until the WAL has changed.
    expect(limit()).toBeUndefined();
    keeper.close();
  });
});
