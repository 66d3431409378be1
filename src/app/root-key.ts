import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VouchError } from "../shared/errors.js";
import { makePrivateDir, sharedMode } from "../shared/private-files.js";
import { hashApiKey } from "../tenants/index.js";

/**
 * The deployment operator's key (creates tenants). From VOUCH_ROOT_KEY when set (production: a secret
 * manager), otherwise generated once into the data directory with owner-only permissions. A key file
 * that group or others may access is refused, as the ledger's checkpoint key is: whoever can read it
 * can create tenants.
 */
export function loadRootKey(
  dataDir: string,
  fromEnv: string | undefined,
): { key: string; hash: string; file: string | undefined } {
  if (fromEnv) return { key: fromEnv, hash: hashApiKey(fromEnv), file: undefined };
  const file = join(dataDir, "root.key");
  if (!existsSync(file)) {
    makePrivateDir(dataDir);
    writeFileSync(file, `vroot_${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  }
  const mode = sharedMode(file);
  if (mode !== undefined) {
    throw new VouchError(
      "CONFIG_INVALID",
      `invalid configuration: the root key file ${file} is accessible by other users (mode ${mode}); run: chmod 600 ${file}`,
    );
  }
  const key = readFileSync(file, "utf8").trim();
  return { key, hash: hashApiKey(key), file };
}
