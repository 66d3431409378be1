import { join } from "node:path";
import { systemClock } from "../../shared/clock.js";
import { migrateToLatest, openStore } from "../../store/index.js";
import { createTenant } from "../../tenants/index.js";

/**
 * Point the commands a test runs in-process at an embedded store in `dir` (VOUCH_DATA_DIR, no
 * DATABASE_URL), created with one tenant, Acme (`acme`). Returns what puts the environment back.
 */
export async function useEmbeddedStore(dir: string): Promise<() => void> {
  const saved = { dataDir: process.env.VOUCH_DATA_DIR, databaseUrl: process.env.DATABASE_URL };
  process.env.VOUCH_DATA_DIR = dir;
  process.env.DATABASE_URL = "";
  const store = openStore({ sqliteFile: join(dir, "vouch.db") });
  try {
    await migrateToLatest(store);
    await createTenant({ store, clock: systemClock }, { name: "Acme", slug: "acme" });
  } finally {
    await store.close();
  }
  return () => {
    for (const [k, v] of [
      ["VOUCH_DATA_DIR", saved.dataDir],
      ["DATABASE_URL", saved.databaseUrl],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
