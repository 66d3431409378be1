import { createPrivateKey, createPublicKey } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  createKeyRing,
  formatVerifierKey,
  generateSigningKey,
  type KeyRing,
  type LedgerDeps,
  type LedgerKeys,
  loadSigningKey,
  parseVerifierKey,
  type RotationResult,
  recordKeyRotation,
  type SigningKey,
} from "../ledger/index.js";
import { VouchError } from "../shared/errors.js";
import { listTenants } from "../tenants/index.js";
import type { Config } from "./config.js";

/**
 * The deployment's ledger checkpoint keys (one Ed25519 key signs every tenant's checkpoints).
 *
 * - Embedded default: generated once into `<data dir>/ledger/` — `checkpoint.key` (PKCS8 PEM, mode 0600,
 *   directory 0700), `checkpoint.vkey` (the public key to give auditors) and `retired.vkeys` (every key it
 *   replaced, one per line). `vouch audit rotate-key` replaces the pair; a running server notices the new
 *   `checkpoint.vkey` and signs with the new key from its next checkpoint on.
 * - Production (several hosts): VOUCH_LEDGER_KEY (the PEM) or VOUCH_LEDGER_KEY_FILE, with
 *   VOUCH_LEDGER_KEY_NAME and, after rotations, VOUCH_LEDGER_RETIRED_KEYS; every process then signs with
 *   the same key. Nothing is written to disk.
 */
export interface LedgerKeyFiles {
  readonly dir: string;
  readonly privateKey: string;
  readonly publicKey: string;
  readonly retired: string;
  /** A rotation's new key, written before it is recorded and made active after. */
  readonly nextPrivateKey: string;
  readonly nextPublicKey: string;
}

export function ledgerKeyFiles(dataDir: string): LedgerKeyFiles {
  const dir = join(dataDir, "ledger");
  return {
    dir,
    privateKey: join(dir, "checkpoint.key"),
    publicKey: join(dir, "checkpoint.vkey"),
    retired: join(dir, "retired.vkeys"),
    nextPrivateKey: join(dir, "checkpoint.next.key"),
    nextPublicKey: join(dir, "checkpoint.next.vkey"),
  };
}

const invalid = (message: string) => new VouchError("LEDGER_KEY_INVALID", message);

/** The keys of this deployment, from files in the data directory or from the environment. */
export class DeploymentLedgerKeys implements LedgerKeys {
  private current: KeyRing;
  private stamp: string;

  private constructor(
    readonly deployment: string,
    /** Where the keys live: files (rotatable in place) or the environment. */
    readonly files: LedgerKeyFiles | undefined,
    ring: KeyRing,
  ) {
    this.current = ring;
    this.stamp = files ? fileStamp(files.publicKey) : "";
  }

  /** Keys from the environment when configured, else from (or generated into) the data directory. */
  static load(config: Config): DeploymentLedgerKeys {
    if (config.ledgerKey) {
      const pem = "pem" in config.ledgerKey ? config.ledgerKey.pem : readKeyFile(config.ledgerKey.file);
      const name = config.ledgerKeyName ?? hostOf(config.publicUrl);
      if (!name) {
        throw new VouchError(
          "CONFIG_INVALID",
          "invalid configuration: VOUCH_LEDGER_KEY_NAME (or VOUCH_PUBLIC_URL) must name the deployment when the ledger key comes from the environment",
        );
      }
      const active = signerFromPem(pem, name);
      const retired = config.ledgerRetiredKeys.map((k) => parseVerifierKey(k));
      return new DeploymentLedgerKeys(name, undefined, createKeyRing(active, retired));
    }
    const files = ledgerKeyFiles(config.dataDir);
    if (!existsSync(files.publicKey)) {
      generateInto(files, config.ledgerKeyName ?? hostOf(config.publicUrl) ?? defaultName());
    }
    const ring = readRing(files);
    return new DeploymentLedgerKeys(ring.active.name, files, ring);
  }

  /** The current ring; with file keys, reloaded when `checkpoint.vkey` changed (a rotation by the CLI). */
  ring(): KeyRing {
    if (this.files) {
      const stamp = fileStamp(this.files.publicKey);
      if (stamp !== this.stamp) {
        try {
          this.current = readRing(this.files);
          this.stamp = stamp;
        } catch {
          // Mid-rotation the two files may briefly disagree: keep signing with the last good key.
        }
      }
    }
    return this.current;
  }

  /** A signing key from a PKCS8 PEM, under this deployment's name. */
  signerFromPem(pem: string): SigningKey {
    return signerFromPem(pem, this.deployment);
  }
}

/** What `vouch audit rotate-key` did. */
export interface KeyRotationReport {
  readonly previousKey: string;
  readonly newKey: string;
  readonly tenants: readonly RotationResult[];
  /** True when the new key is now active (file keys); false when the environment must be updated. */
  readonly activated: boolean;
}

/**
 * Rotate the deployment's checkpoint key: record `key.rotate` in every tenant's log with a checkpoint signed
 * by both keys (recordKeyRotation), then make the new key active — by replacing the key files, or, with
 * keys from the environment, by telling the operator what to set. Running it again after an interruption
 * finishes the same rotation (the new key waits in `checkpoint.next.key` until every tenant has it).
 */
export async function rotateLedgerKey(
  deps: LedgerDeps,
  keys: DeploymentLedgerKeys,
  opts: { readonly newKeyPem?: string | undefined } = {},
): Promise<KeyRotationReport> {
  const previous = keys.ring().active;
  const next = nextKey(keys, opts.newKeyPem);
  if (next.vkey === previous.vkey) throw new VouchError("CONFLICT", "the new key is the active key");
  const tenants = await listTenants(deps);
  const results = await recordKeyRotation(deps, {
    tenantIds: tenants.map((t) => t.id),
    previous,
    next,
    actor: { kind: "system", id: "vouch-audit-rotate-key" },
    deployment: keys.deployment,
  });
  const allOk = results.every((r) => r.ok);
  let activated = false;
  if (allOk && keys.files) {
    const f = keys.files;
    if (opts.newKeyPem !== undefined) writePending(f, next, opts.newKeyPem);
    appendFileSync(f.retired, `${previous.vkey}\n`, { mode: 0o644 });
    // The private key first: a reader that sees the new vkey always finds its private key in place.
    renameSync(f.nextPrivateKey, f.privateKey);
    renameSync(f.nextPublicKey, f.publicKey);
    keys.ring();
    activated = true;
  }
  return { previousKey: previous.vkey, newKey: next.vkey, tenants: results, activated };
}

function nextKey(keys: DeploymentLedgerKeys, pem: string | undefined): SigningKey {
  if (pem !== undefined) return keys.signerFromPem(pem);
  const f = keys.files;
  if (!f) {
    throw new VouchError(
      "VALIDATION_FAILED",
      "the ledger key comes from the environment: create the new key (openssl genpkey -algorithm ed25519 -out next.pem) and pass --new-key-file next.pem",
    );
  }
  if (existsSync(f.nextPrivateKey) && existsSync(f.nextPublicKey)) {
    return loadSigningKey(
      readFileSync(f.nextPrivateKey, "utf8"),
      readFileSync(f.nextPublicKey, "utf8").trim(),
    );
  }
  const generated = generateSigningKey(keys.deployment);
  writePending(f, generated.signer, generated.privateKeyPem);
  return generated.signer;
}

function writePending(f: LedgerKeyFiles, key: SigningKey, pem: string): void {
  rmSync(f.nextPrivateKey, { force: true });
  rmSync(f.nextPublicKey, { force: true });
  writeFileSync(f.nextPrivateKey, pem, { mode: 0o600, flag: "wx" });
  chmodSync(f.nextPrivateKey, 0o600);
  writeFileSync(f.nextPublicKey, `${key.vkey}\n`, { mode: 0o644, flag: "wx" });
}

function generateInto(files: LedgerKeyFiles, name: string): void {
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  chmodSync(files.dir, 0o700);
  const key = generateSigningKey(name);
  try {
    writeFileSync(files.privateKey, key.privateKeyPem, { mode: 0o600, flag: "wx" });
    chmodSync(files.privateKey, 0o600);
    writeFileSync(files.publicKey, `${key.vkey}\n`, { mode: 0o644, flag: "wx" });
  } catch (e) {
    // Another process generated the key at the same moment: use theirs.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

function readRing(files: LedgerKeyFiles): KeyRing {
  const mode = statSync(files.privateKey).mode & 0o077;
  if (mode !== 0) {
    throw invalid(`${files.privateKey} is readable by other users; run chmod 600 on it`);
  }
  const active = loadSigningKey(
    readFileSync(files.privateKey, "utf8"),
    readFileSync(files.publicKey, "utf8").trim(),
  );
  const retired = existsSync(files.retired)
    ? readFileSync(files.retired, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith("#"))
        .map((l) => parseVerifierKey(l))
    : [];
  return createKeyRing(active, retired);
}

function signerFromPem(pem: string, name: string): SigningKey {
  let publicKey: Uint8Array;
  try {
    const jwk = createPublicKey(createPrivateKey({ key: pem, format: "pem" })).export({ format: "jwk" });
    if (jwk.crv !== "Ed25519" || !jwk.x) throw new Error("not Ed25519");
    publicKey = Buffer.from(jwk.x, "base64url");
  } catch {
    throw invalid("the ledger key is not an Ed25519 private key in PKCS8 PEM");
  }
  return loadSigningKey(pem, formatVerifierKey(name, publicKey));
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new VouchError(
      "CONFIG_INVALID",
      `invalid configuration: VOUCH_LEDGER_KEY_FILE ${file}: ${(e as Error).message}`,
    );
  }
}

function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "missing";
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const host = new URL(url).hostname;
  return NAME.test(host) ? host : undefined;
}

function defaultName(): string {
  const host = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return NAME.test(host) ? host : "vouch.local";
}
