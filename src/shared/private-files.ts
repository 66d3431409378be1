import { chmodSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Files that hold transcripts and keys (the data directory, the SQLite database, key files) are for the
 * owner alone. Vouch creates them so; files it finds looser are reported, never silently accepted.
 */

/** The part of a pino logger these checks use. */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

/**
 * Create `dir` with mode 0700 unless it exists (its parents with the default mode). The mode given to
 * mkdir is narrowed by the umask; chmod sets it exactly.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return;
    throw e;
  }
  chmodSync(dir, 0o700);
}

/** The permission bits of `path` when group or others have any access to it; undefined otherwise or if it is missing. */
export function sharedMode(path: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
  return (mode & 0o077) === 0 ? undefined : `0${mode.toString(8)}`;
}

/** Warn, naming `path` and the chmod that fixes it, when group or others have access to it. */
export function warnIfShared(path: string, chmod: "600" | "700", log: WarnLog): void {
  const mode = sharedMode(path);
  if (mode === undefined) return;
  log.warn(
    { path, mode },
    `${path} is accessible by other users (mode ${mode}) and holds transcripts or keys; run: chmod ${chmod} ${path}`,
  );
}
