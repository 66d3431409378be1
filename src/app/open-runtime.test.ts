import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/index.js";
import { ManualClock } from "../shared/clock.js";
import type { StoreLog } from "../store/index.js";
import { loadConfig } from "./config.js";
import { openRuntime } from "./open-runtime.js";

const root = mkdtempSync(join(tmpdir(), "vouch-runtime-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const configFor = (dataDir: string) => loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: "silent" });

function capture() {
  const lines: { level: string; msg: string }[] = [];
  const log: StoreLog = {
    warn: (_o, msg) => lines.push({ level: "warn", msg }),
    error: (_o, msg) => lines.push({ level: "error", msg }),
  };
  return { log, lines };
}

/** Every path under `dir` (relative to it) with its permission bits, e.g. "vouch.db" → "600". */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { ".": (statSync(dir).mode & 0o777).toString(8) };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out[relative(dir, p)] = (statSync(p).mode & 0o777).toString(8);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe("the data directory's permissions", () => {
  it("a fresh start creates the directory 0700 and every file in it 0600, whatever the umask", async () => {
    const dataDir = join(root, "fresh", "data");
    const { log, lines } = capture();
    // A umask that masks nothing: the modes must come from Vouch, not from the umask.
    const umask = process.umask(0o000);
    try {
      const rt = await openRuntime(configFor(dataDir), new ManualClock(), log);
      try {
        await seedDemo(rt.deps, { dataDir });
        expect(modes(dataDir)).toEqual({
          ".": "700",
          "vouch.db": "600",
          "vouch.db-wal": "600",
          "vouch.db-shm": "600",
          "root.key": "600",
          "demo-keys.json": "600",
          ledger: "700",
          "ledger/checkpoint.key": "600",
          // The public key auditors are given; the folder around it is owner-only.
          "ledger/checkpoint.vkey": "644",
        });
      } finally {
        await rt.close();
      }
    } finally {
      process.umask(umask);
    }
    expect(lines).toEqual([]);
  }, 60_000);

  it("refuses a root key file that other users can read, before opening the store", async () => {
    const dataDir = join(root, "loose-key");
    mkdirSync(dataDir, { mode: 0o700 });
    const keyFile = join(dataDir, "root.key");
    writeFileSync(keyFile, "vroot_0123456789abcdefghijklmnopqrstuvwxyz\n");
    chmodSync(keyFile, 0o644);
    await expect(openRuntime(configFor(dataDir), new ManualClock(), capture().log)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining(
        `${keyFile} is accessible by other users (mode 0644); run: chmod 600 ${keyFile}`,
      ),
    });
    expect(existsSync(join(dataDir, "vouch.db"))).toBe(false);
    chmodSync(keyFile, 0o600);
    const rt = await openRuntime(configFor(dataDir), new ManualClock(), capture().log);
    await rt.close();
  });

  it("warns, naming the chmod to run, about an existing directory or database others can access", async () => {
    const dataDir = join(root, "loose-dir");
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const first = capture();
    await (await openRuntime(configFor(dataDir), new ManualClock(), first.log)).close();
    expect(first.lines).toEqual([
      { level: "warn", msg: expect.stringContaining(`${dataDir} is accessible by other users (mode 0755)`) },
    ]);
    expect(first.lines[0]?.msg).toContain(`run: chmod 700 ${dataDir}`);
    // Left as it was: an operator may have reasons, and is told.
    expect(statSync(dataDir).mode & 0o777).toBe(0o755);

    chmodSync(dataDir, 0o700);
    const db = join(dataDir, "vouch.db");
    chmodSync(db, 0o640);
    const second = capture();
    await (await openRuntime(configFor(dataDir), new ManualClock(), second.log)).close();
    expect(second.lines).toEqual([
      {
        level: "warn",
        msg: expect.stringContaining(`${db} is accessible by other users (mode 0640)`),
      },
    ]);
    expect(second.lines[0]?.msg).toContain(`run: chmod 600 ${db}`);
  });
});
