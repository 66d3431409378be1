import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashApiKey } from "../tenants/index.js";

/**
 * The deployment operator's key (creates tenants over HTTP). From VOUCH_ROOT_KEY when set (production:
 * a secret manager), otherwise generated once into the data directory with owner-only permissions.
 */
export function loadRootKey(
  dataDir: string,
  fromEnv: string | undefined,
): { key: string; hash: string; file: string | undefined } {
  if (fromEnv) return { key: fromEnv, hash: hashApiKey(fromEnv), file: undefined };
  const file = join(dataDir, "root.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `vroot_${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  }
  const key = readFileSync(file, "utf8").trim();
  return { key, hash: hashApiKey(key), file };
}
