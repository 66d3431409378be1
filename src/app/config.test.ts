import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("configuration", () => {
  it("defaults to the embedded store on port 3000 in ./.vouch", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, jobs: true });
    expect(c.dataDir.endsWith(".vouch")).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads PostgreSQL and the data directory from the environment", () => {
    const c = loadConfig({
      DATABASE_URL: "postgres://u@h/db",
      VOUCH_DATA_DIR: "/tmp/x",
      PORT: "8080",
      VOUCH_JOBS: "off",
    });
    expect(c).toMatchObject({ databaseUrl: "postgres://u@h/db", dataDir: "/tmp/x", port: 8080, jobs: false });
  });

  it("fails fast naming every bad variable", () => {
    expect(() =>
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", VOUCH_LOG_LEVEL: "loud" }),
    ).toThrowError(
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: expect.stringMatching(/PORT.*DATABASE_URL.*VOUCH_LOG_LEVEL/),
      }),
    );
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("bounds the embedded store's WAL at VOUCH_SQLITE_WAL_LIMIT_MB (64 by default)", () => {
    expect(loadConfig({}).sqliteWalLimitBytes).toBe(64 * 2 ** 20);
    expect(loadConfig({ VOUCH_SQLITE_WAL_LIMIT_MB: "8" }).sqliteWalLimitBytes).toBe(8 * 2 ** 20);
    for (const bad of ["0", "-1", "1.5", "lots"]) {
      expect(() => loadConfig({ VOUCH_SQLITE_WAL_LIMIT_MB: bad })).toThrow(/VOUCH_SQLITE_WAL_LIMIT_MB/);
    }
  });
});
