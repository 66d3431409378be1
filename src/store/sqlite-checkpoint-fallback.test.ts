import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openStore, type StoreLog } from "./open-store.js";
import type * as Checkpointer from "./sqlite-checkpointer.js";

// The store's checkpoint thread is pointed at a database it cannot open, so it fails for real, as a thread
// that died would.
vi.mock("./sqlite-checkpointer.js", async (importOriginal) => {
  const real = await importOriginal<typeof Checkpointer>();
  return {
    ...real,
    startCheckpointer: (_file: string, opts: Checkpointer.CheckpointerOptions) =>
      real.startCheckpointer(join(tmpdir(), "vouch-no-such-dir", "vouch.db"), opts),
  };
});

const dir = mkdtempSync(join(tmpdir(), "vouch-fallback-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("when the WAL checkpoint thread fails", () => {
  it("logs it and the request connection checkpoints on commit, as SQLite does by default", async () => {
    const errors: string[] = [];
    let logged: () => void = () => {};
    const failureLogged = new Promise<void>((resolve) => {
      logged = resolve;
    });
    const log: StoreLog = {
      warn: () => {},
      error: (_obj, msg) => {
        errors.push(msg);
        logged();
      },
    };
    const file = join(dir, "vouch.db");
    const store = openStore({ sqliteFile: file, log });
    const autocheckpoint = async () =>
      (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0]
        ?.wal_autocheckpoint;
    expect(await autocheckpoint()).toBe(0);
    await failureLogged;
    expect(errors).toEqual([expect.stringContaining(`checkpoint thread failed`)]);
    expect(errors[0]).toContain(file);
    expect(await autocheckpoint()).toBe(1000);
    await store.close();
  });
});
