import { resolve } from "node:path";
import Type, { type Static } from "typebox";
import Value from "typebox/value";
import { DEPLOYMENT_REGIONS, type Region } from "../governance/index.js";
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
  /** Size in bytes at which the embedded store's write-ahead log is checkpointed and restarted. */
  readonly sqliteWalLimitBytes: number;
}

const INTEGER_VARS = new Set([
  "PORT",
  "VOUCH_BODY_LIMIT",
  "VOUCH_JOB_INTERVAL_MS",
  "VOUCH_CHECKPOINT_INTERVAL_MS",
  "VOUCH_RETENTION_INTERVAL_MS",
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
    sqliteWalLimitBytes: e.VOUCH_SQLITE_WAL_LIMIT_MB * 2 ** 20,
  });
}
