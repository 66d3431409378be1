import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openStore, type StoreLog } from "./open-store.js";
import type * as Checkpointer from "./sqlite-checkpointer.js";

// The store's checkpoint thread is pointed at a database it cannot open, so it fails for real, as a thread
// that died would; the request connection's checkpoint fails when a test says so.
const broken = vi.hoisted(() => ({ walLimit: undefined as Error | undefined }));
vi.mock("./sqlite-checkpointer.js", async (importOriginal) => {
  const real = await importOriginal<typeof Checkpointer>();
  return {
    ...real,
    startCheckpointer: (_file: string, opts: Checkpointer.CheckpointerOptions) =>
      real.startCheckpointer(join(tmpdir(), "vouch-no-such-dir", "vouch.db"), opts),
    walLimiter: (...args: Parameters<typeof Checkpointer.walLimiter>) => {
      const limit = real.walLimiter(...args);
      return () => broken.walLimit ?? limit();
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "vouch-fallback-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe("when the WAL checkpoint thread fails", () => {
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
    const { log, errors, firstError } = recordingLog();
    const file = join(dir, "limited.db");
    const store = openStore({ sqliteFile: file, log });
    await firstError; // the thread's failure, as above
    const cause = new Error("disk I/O error");
    broken.walLimit = cause;
    try {
      expect(await store.transaction(async () => "committed")).toBe("committed");
    } finally {
      broken.walLimit = undefined;
    }
    expect(errors.slice(1)).toEqual([
      { obj: { err: cause, file }, msg: `checkpointing ${file} failed; the WAL may grow past its limit` },
    ]);
    await store.close();
  });
});
