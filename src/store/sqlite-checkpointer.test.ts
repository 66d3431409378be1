import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startCheckpointer } from "./sqlite-checkpointer.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
