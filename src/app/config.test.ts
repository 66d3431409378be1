import { describe, expect, it } from "vitest";
import { DEPLOYMENT_REGIONS } from "../governance/index.js";
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

  it("limits requests and connections by default, with every limit adjustable", () => {
    const { guard } = loadConfig({});
    expect(guard.rateLimits).toEqual({
      windowMs: 60_000,
      authFailuresPerIp: 30,
      perKey: 120_000,
      widgetPerIp: 3_000,
      anonymousPerIp: 1_200,
    });
    expect(guard.connections).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 120_000,
      maxConnections: 10_000,
    });
    expect(guard.trustProxy).toBeUndefined();
    const tuned = loadConfig({
      VOUCH_RATE_LIMIT_AUTH_FAILURES: "5",
      VOUCH_RATE_LIMIT_WIDGET_PER_IP: "100000",
      VOUCH_MAX_CONNECTIONS: "500",
      VOUCH_PUBLIC_URL: "https://api.example.com",
    }).guard;
    expect(tuned.rateLimits).toMatchObject({ authFailuresPerIp: 5, widgetPerIp: 100_000 });
    expect(tuned.connections?.maxConnections).toBe(500);
    expect(tuned.publicUrl).toBe("https://api.example.com");
    expect(loadConfig({ VOUCH_RATE_LIMIT: "off" }).guard.rateLimits).toBeUndefined();
  });

  it("trusts only the listed proxies, never every hop", () => {
    expect(
      loadConfig({ VOUCH_TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,loopback,::1,fd00::/8" }).guard.trustProxy,
    ).toEqual(["10.0.0.0/8", "192.168.1.7", "loopback", "::1", "fd00::/8"]);
    for (const bad of ["true", "1", "10.0.0.0/33", "proxy.local", "10.0.0.1,", "::1/129"]) {
      expect(() => loadConfig({ VOUCH_TRUST_PROXY: bad }), bad).toThrowError(
        expect.objectContaining({
          code: "CONFIG_INVALID",
          message: expect.stringContaining("VOUCH_TRUST_PROXY"),
        }),
      );
    }
  });

  it("refuses deadlines Node cannot honour", () => {
    expect(() =>
      loadConfig({ VOUCH_HEADERS_TIMEOUT_MS: "60000", VOUCH_REQUEST_TIMEOUT_MS: "30000" }),
    ).toThrow(/VOUCH_HEADERS_TIMEOUT_MS/);
    expect(() => loadConfig({ VOUCH_REQUEST_TIMEOUT_MS: "10" })).toThrow(/VOUCH_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ VOUCH_RATE_LIMIT_PER_KEY: "0" })).toThrow(/VOUCH_RATE_LIMIT_PER_KEY/);
  });

  it("reads an optional metrics port", () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ VOUCH_METRICS_PORT: "9464" }).metricsPort).toBe(9464);
    expect(() => loadConfig({ VOUCH_METRICS_PORT: "metrics" })).toThrow(/VOUCH_METRICS_PORT/);
  });

  it("bounds the embedded store's WAL at VOUCH_SQLITE_WAL_LIMIT_MB (64 by default)", () => {
    expect(loadConfig({}).sqliteWalLimitBytes).toBe(64 * 2 ** 20);
    expect(loadConfig({ VOUCH_SQLITE_WAL_LIMIT_MB: "8" }).sqliteWalLimitBytes).toBe(8 * 2 ** 20);
    for (const bad of ["0", "-1", "1.5", "lots"]) {
      expect(() => loadConfig({ VOUCH_SQLITE_WAL_LIMIT_MB: bad })).toThrow(/VOUCH_SQLITE_WAL_LIMIT_MB/);
    }
  });
});

describe("configuration: governance", () => {
  it("VOUCH_REGION is one of the contract schema's regions; unset is undeclared", () => {
    expect(DEPLOYMENT_REGIONS).toEqual(expect.arrayContaining(["eu", "us", "au"]));
    expect(loadConfig({ VOUCH_REGION: "au" }).region).toBe("au");
    expect(loadConfig({}).region).toBeUndefined();
    expect(loadConfig({ VOUCH_REGION: "" }).region).toBeUndefined();
    for (const bad of ["mars", "EU", " eu"]) {
      expect(() => loadConfig({ VOUCH_REGION: bad })).toThrowError(
        expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("VOUCH_REGION") }),
      );
    }
  });

  it("VOUCH_RETENTION_INTERVAL_MS defaults to hourly and is bounded", () => {
    expect(loadConfig({}).retentionIntervalMs).toBe(3_600_000);
    expect(loadConfig({ VOUCH_RETENTION_INTERVAL_MS: "60000" }).retentionIntervalMs).toBe(60_000);
    for (const bad of ["0", "-5", "soon", "100000000"]) {
      expect(() => loadConfig({ VOUCH_RETENTION_INTERVAL_MS: bad })).toThrowError(
        expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining("RETENTION") }),
      );
    }
  });
});
