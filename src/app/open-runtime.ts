import { join } from "node:path";
import { pino } from "pino";
import { createWorkerTrainer } from "../agent/resolver/index.js";
import type { ServerDeps } from "../http/types.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { makePrivateDir, warnIfShared } from "../shared/private-files.js";
import { migrateToLatest, openStore, type StoreLog } from "../store/index.js";
import type { Config } from "./config.js";
import { DeploymentLedgerKeys } from "./ledger-keys.js";
import { loadRootKey } from "./root-key.js";
import { wireDeps } from "./wire-deps.js";
import { wireRooms } from "./wire-rooms.js";

export interface Runtime {
  readonly deps: ServerDeps;
  readonly config: Config;
  /** Where the embedded store lives, or a redacted PostgreSQL URL. */
  readonly storeLabel: string;
  /** The embedded store's file; undefined on PostgreSQL. */
  readonly sqliteFile: string | undefined;
  readonly rootKeyFile: string | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: pick the store from configuration (PostgreSQL when DATABASE_URL is set, else
 * the SQLite file in the data directory), bring its schema up to date, and wire the agent runtime with
 * the embedded resolver. Every entry point (serve, worker, CLI commands) starts here.
 *
 * The data directory (the embedded store, keys not given in the environment) is created owner-only; one
 * that already exists and that others may access is reported on `log` (stderr by default, so a
 * command's `--json` output stays clean).
 */
export async function openRuntime(
  config: Config,
  clock: Clock = systemClock,
  log: StoreLog = pino({ level: config.logLevel }, pino.destination({ dest: 2, sync: true })),
): Promise<Runtime> {
  if (!config.databaseUrl || !config.rootKey || !config.ledgerKey) makePrivateDir(config.dataDir);
  warnIfShared(config.dataDir, "700", log);
  // Keys first: a refused key file stops the process before the store is opened.
  const root = loadRootKey(config.dataDir, config.rootKey);
  const ledgerKeys = DeploymentLedgerKeys.load(config);
  const sqliteFile = join(config.dataDir, "vouch.db");
  const store = openStore({
    databaseUrl: config.databaseUrl,
    sqliteFile,
    sqliteWalLimitBytes: config.sqliteWalLimitBytes,
    log,
  });
  await migrateToLatest(store);
  // Retraining after a knowledge change runs on a worker thread, so one tenant's training never stalls
  // the requests of others (AgentRuntime serves the previous model meanwhile).
  const trainer = createWorkerTrainer();
  const rooms = wireRooms(
    store,
    (examples) => trainer.train(examples),
    () => clock.now(),
  );
  return {
    deps: wireDeps({ store, clock, ...rooms, rootKeyHash: root.hash, ledgerKeys, region: config.region }),
    config,
    storeLabel: config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") : sqliteFile,
    sqliteFile: config.databaseUrl ? undefined : sqliteFile,
    rootKeyFile: root.file,
    close: async () => {
      await trainer.close();
      await store.close();
    },
  };
}
