import { isIP } from "node:net";
import { resolve } from "node:path";
import Type, { type Static } from "typebox";
import Value from "typebox/value";
import { DEPLOYMENT_REGIONS, type Region } from "../governance/index.js";
import type { GuardOptions } from "../http/guard.js";
import { VouchError } from "../shared/errors.js";
import { DEFAULT_SQLITE_WAL_LIMIT_BYTES } from "../store/index.js";

/**
 * Process configuration, read once from the environment at start-up, validated, frozen. A bad value stops
 * the process with CONFIG_INVALID naming the variable, instead of failing later in the middle of a request.
 */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: "127.0.0.1" }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: "^postgres(ql)?://" })),
  VOUCH_DATA_DIR: Type.String({ minLength: 1, default: "./.vouch" }),
  VOUCH_LOG_LEVEL: Type.Enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    default: "info",
  }),
  VOUCH_BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
  VOUCH_ROOT_KEY: Type.Optional(Type.String({ minLength: 24 })),
  VOUCH_JOBS: Type.Enum(["on", "off"], { default: "on" }),
  VOUCH_JOB_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
  VOUCH_PUBLIC_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
  VOUCH_LEDGER_KEY: Type.Optional(Type.String({ pattern: "^\\s*-----BEGIN PRIVATE KEY-----" })),
  VOUCH_LEDGER_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  VOUCH_LEDGER_KEY_NAME: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$" })),
  VOUCH_LEDGER_RETIRED_KEYS: Type.Optional(Type.String({ minLength: 1 })),
  VOUCH_CHECKPOINT_INTERVAL_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 60_000 }),
  VOUCH_REGION: Type.Optional(Type.Enum([...DEPLOYMENT_REGIONS])),
  VOUCH_RETENTION_INTERVAL_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 3_600_000 }),
  VOUCH_RATE_LIMIT: Type.Enum(["on", "off"], { default: "on" }),
  VOUCH_RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 60_000 }),
  VOUCH_RATE_LIMIT_AUTH_FAILURES: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30 }),
  VOUCH_RATE_LIMIT_PER_KEY: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 120_000 }),
  VOUCH_RATE_LIMIT_WIDGET_PER_IP: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 3_000 }),
  VOUCH_RATE_LIMIT_ANONYMOUS_PER_IP: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 1_200 }),
  VOUCH_TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  VOUCH_HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 10_000 }),
  VOUCH_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 30_000 }),
  VOUCH_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 72_000 }),
  VOUCH_CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 120_000 }),
  VOUCH_MAX_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
  VOUCH_METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  VOUCH_SQLITE_WAL_LIMIT_MB: Type.Integer({
    minimum: 1,
    maximum: 65_536,
    default: DEFAULT_SQLITE_WAL_LIMIT_BYTES / 2 ** 20,
  }),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; undefined selects the embedded SQLite store. */
  readonly databaseUrl: string | undefined;
  /** Absolute path of the data directory (embedded store, local keys). */
  readonly dataDir: string;
  readonly logLevel: Static<typeof EnvSchema>["VOUCH_LOG_LEVEL"];
  readonly bodyLimit: number;
  /** Deployment operator key (creates tenants); when unset, one is generated in the data directory. */
  readonly rootKey: string | undefined;
  /** Whether `serve` also runs background jobs (outcomes) in-process. */
  readonly jobs: boolean;
  readonly jobIntervalMs: number;
  readonly publicUrl: string | undefined;
  /** Ledger checkpoint key: PKCS8 PEM from VOUCH_LEDGER_KEY or the file VOUCH_LEDGER_KEY_FILE; else the data directory. */
  readonly ledgerKey: { readonly pem: string } | { readonly file: string } | undefined;
  /** The key's (deployment's) name; default: VOUCH_PUBLIC_URL's host, else the machine's host name. */
  readonly ledgerKeyName: string | undefined;
  /** Retired verifier keys (vkeys separated by spaces, commas or newlines), when keys come from the environment. */
  readonly ledgerRetiredKeys: readonly string[];
  /** How often `serve` publishes checkpoints of the logs that grew. */
  readonly checkpointIntervalMs: number;
  /** Where this deployment processes data (a contract residency region); undefined: undeclared. */
  readonly region: Region | undefined;
  /** How often the jobs apply the contracts' retention periods (default hourly). */
  readonly retentionIntervalMs: number;
  /** Rate limits (undefined when VOUCH_RATE_LIMIT=off), server deadlines, trusted proxies, public URL. */
  readonly guard: GuardOptions;
  /** A port on HOST serving GET /metrics without a key (serve and worker); undefined: none. */
  readonly metricsPort: number | undefined;
  /** Size in bytes at which the embedded store's write-ahead log is checkpointed and restarted. */
  readonly sqliteWalLimitBytes: number;
}

const INTEGER_VARS = new Set([
  "PORT",
  "VOUCH_BODY_LIMIT",
  "VOUCH_JOB_INTERVAL_MS",
  "VOUCH_CHECKPOINT_INTERVAL_MS",
  "VOUCH_RETENTION_INTERVAL_MS",
  "VOUCH_RATE_LIMIT_WINDOW_MS",
  "VOUCH_RATE_LIMIT_AUTH_FAILURES",
  "VOUCH_RATE_LIMIT_PER_KEY",
  "VOUCH_RATE_LIMIT_WIDGET_PER_IP",
  "VOUCH_RATE_LIMIT_ANONYMOUS_PER_IP",
  "VOUCH_HEADERS_TIMEOUT_MS",
  "VOUCH_REQUEST_TIMEOUT_MS",
  "VOUCH_KEEP_ALIVE_TIMEOUT_MS",
  "VOUCH_CONNECTION_TIMEOUT_MS",
  "VOUCH_MAX_CONNECTIONS",
  "VOUCH_METRICS_PORT",
  "VOUCH_SQLITE_WAL_LIMIT_MB",
]);

/** Validate the environment once; throws CONFIG_INVALID listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = env[key];
    if (v === undefined || v === "") continue;
    raw[key] = INTEGER_VARS.has(key) && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  }
  const withDefaults = Value.Default(EnvSchema, raw);
  const errors = [...Value.Errors(EnvSchema, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.instancePath.replace(/^\//, "") || "(env)"}: ${e.message}`);
    throw new VouchError("CONFIG_INVALID", `invalid configuration: ${lines.join("; ")}`, { errors: lines });
  }
  const e = withDefaults as Static<typeof EnvSchema>;
  if (e.VOUCH_LEDGER_KEY && e.VOUCH_LEDGER_KEY_FILE) {
    throw new VouchError(
      "CONFIG_INVALID",
      "invalid configuration: set VOUCH_LEDGER_KEY or VOUCH_LEDGER_KEY_FILE, not both",
    );
  }
  if (e.VOUCH_HEADERS_TIMEOUT_MS > e.VOUCH_REQUEST_TIMEOUT_MS) {
    throw new VouchError(
      "CONFIG_INVALID",
      "invalid configuration: VOUCH_HEADERS_TIMEOUT_MS must not exceed VOUCH_REQUEST_TIMEOUT_MS",
    );
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.VOUCH_DATA_DIR),
    logLevel: e.VOUCH_LOG_LEVEL,
    bodyLimit: e.VOUCH_BODY_LIMIT,
    rootKey: e.VOUCH_ROOT_KEY,
    jobs: e.VOUCH_JOBS === "on",
    jobIntervalMs: e.VOUCH_JOB_INTERVAL_MS,
    publicUrl: e.VOUCH_PUBLIC_URL,
    ledgerKey: e.VOUCH_LEDGER_KEY
      ? { pem: e.VOUCH_LEDGER_KEY }
      : e.VOUCH_LEDGER_KEY_FILE
        ? { file: resolve(e.VOUCH_LEDGER_KEY_FILE) }
        : undefined,
    ledgerKeyName: e.VOUCH_LEDGER_KEY_NAME,
    ledgerRetiredKeys: Object.freeze(
      (e.VOUCH_LEDGER_RETIRED_KEYS ?? "").split(/[\s,]+/).filter((k) => k.length > 0),
    ),
    checkpointIntervalMs: e.VOUCH_CHECKPOINT_INTERVAL_MS,
    region: e.VOUCH_REGION,
    retentionIntervalMs: e.VOUCH_RETENTION_INTERVAL_MS,
    guard: Object.freeze({
      rateLimits:
        e.VOUCH_RATE_LIMIT === "off"
          ? undefined
          : Object.freeze({
              windowMs: e.VOUCH_RATE_LIMIT_WINDOW_MS,
              authFailuresPerIp: e.VOUCH_RATE_LIMIT_AUTH_FAILURES,
              perKey: e.VOUCH_RATE_LIMIT_PER_KEY,
              widgetPerIp: e.VOUCH_RATE_LIMIT_WIDGET_PER_IP,
              anonymousPerIp: e.VOUCH_RATE_LIMIT_ANONYMOUS_PER_IP,
            }),
      connections: Object.freeze({
        headersTimeoutMs: e.VOUCH_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: e.VOUCH_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: e.VOUCH_KEEP_ALIVE_TIMEOUT_MS,
        connectionTimeoutMs: e.VOUCH_CONNECTION_TIMEOUT_MS,
        maxConnections: e.VOUCH_MAX_CONNECTIONS,
      }),
      trustProxy: e.VOUCH_TRUST_PROXY === undefined ? undefined : trustedProxies(e.VOUCH_TRUST_PROXY),
      publicUrl: e.VOUCH_PUBLIC_URL,
    }),
    metricsPort: e.VOUCH_METRICS_PORT,
    sqliteWalLimitBytes: e.VOUCH_SQLITE_WAL_LIMIT_MB * 2 ** 20,
  });
}

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** VOUCH_TRUST_PROXY: comma-separated addresses, CIDR ranges or proxy-addr names; see TrustProxy. */
function trustedProxies(value: string): readonly string[] {
  const entries = value.split(",").map((v) => v.trim());
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const ok =
      PROXY_NAMES.has(entry) ||
      (version !== 0 &&
        rest.length === 0 &&
        (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max)));
    if (!ok) {
      throw new VouchError(
        "CONFIG_INVALID",
        `invalid configuration: VOUCH_TRUST_PROXY: ${JSON.stringify(entry)} is not an address, a CIDR range or one of loopback, linklocal, uniquelocal (list your proxies; true and hop counts are not accepted)`,
      );
    }
  }
  return Object.freeze(entries);
}
