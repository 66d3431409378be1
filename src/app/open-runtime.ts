import { join } from "node:path";
import { AgentRuntime } from "../agent/index.js";
import { createWorkerTrainer } from "../agent/resolver/index.js";
import { assertContractHonoured } from "../governance/index.js";
import type { ServerDeps } from "../http/build-server.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { migrateToLatest, openStore } from "../store/index.js";
import type { Config } from "./config.js";
import { DeploymentLedgerKeys } from "./ledger-keys.js";
import { loadRootKey } from "./root-key.js";

export interface Runtime {
  readonly deps: ServerDeps;
  readonly config: Config;
  /** Where the embedded store lives, or a redacted PostgreSQL URL. */
  readonly storeLabel: string;
  readonly rootKeyFile: string | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: pick the store from configuration (PostgreSQL when DATABASE_URL is set, else
 * the SQLite file in the data directory), bring its schema up to date, and wire the agent runtime with
 * the embedded resolver. Every entry point (serve, worker, CLI commands) starts here.
 */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const sqliteFile = join(config.dataDir, "vouch.db");
  const store = openStore({ databaseUrl: config.databaseUrl, sqliteFile });
  await migrateToLatest(store);
  const root = loadRootKey(config.dataDir, config.rootKey);
  const ledgerKeys = DeploymentLedgerKeys.load(config);
  // Retraining after a knowledge change runs on a worker thread, so one tenant's training never stalls
  // the requests of others (AgentRuntime serves the previous model meanwhile).
  const trainer = createWorkerTrainer();
  const agent = new AgentRuntime(
    store,
    (examples) => trainer.train(examples),
    () => clock.now(),
  );
  return {
    deps: {
      store,
      clock,
      agent,
      rootKeyHash: root.hash,
      ledgerKeys,
      region: config.region,
      // A contract this deployment cannot honour is never activated (docs/contract.md, Runtime binding).
      acceptContract: (params) => assertContractHonoured(params, config.region),
    },
    config,
    storeLabel: config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") : sqliteFile,
    rootKeyFile: root.file,
    close: async () => {
      await trainer.close();
      await store.close();
    },
  };
}
