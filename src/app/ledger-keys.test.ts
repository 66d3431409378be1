import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSigningKey } from "../ledger/index.js";
import { loadConfig } from "./config.js";
import { DeploymentLedgerKeys, ledgerKeyFiles } from "./ledger-keys.js";

const root = mkdtempSync(join(tmpdir(), "vouch-ledger-keys-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dataDir = () => join(root, `d${++n}`);

describe("deployment ledger keys", () => {
  it("are generated once into the data directory, owner-only, and read back", () => {
    const dir = dataDir();
    const config = loadConfig({ VOUCH_DATA_DIR: dir, VOUCH_LEDGER_KEY_NAME: "vouch.example.com" });
    const keys = DeploymentLedgerKeys.load(config);
    const files = ledgerKeyFiles(config.dataDir);
    expect(statSync(files.privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(files.publicKey, "utf8").trim()).toBe(keys.ring().active.vkey);
    expect(keys.deployment).toBe("vouch.example.com");
    expect(keys.ring().active.vkey.startsWith("vouch.example.com+")).toBe(true);
    // A second process (or a restart) uses the same key, even if the configured name changed since.
    const again = DeploymentLedgerKeys.load(
      loadConfig({ VOUCH_DATA_DIR: dir, VOUCH_LEDGER_KEY_NAME: "other" }),
    );
    expect(again.ring().active.vkey).toBe(keys.ring().active.vkey);
    expect(again.deployment).toBe("vouch.example.com");
  });

  it("default the name to the public URL's host", () => {
    const keys = DeploymentLedgerKeys.load(
      loadConfig({ VOUCH_DATA_DIR: dataDir(), VOUCH_PUBLIC_URL: "https://support.acme.test:8443/x" }),
    );
    expect(keys.deployment).toBe("support.acme.test");
  });

  it("refuse a private key file others can read", () => {
    const dir = dataDir();
    DeploymentLedgerKeys.load(loadConfig({ VOUCH_DATA_DIR: dir }));
    chmodSync(ledgerKeyFiles(join(dir)).privateKey, 0o644);
    expect(() => DeploymentLedgerKeys.load(loadConfig({ VOUCH_DATA_DIR: dir }))).toThrowError(
      expect.objectContaining({ code: "LEDGER_KEY_INVALID", message: expect.stringMatching(/chmod 600/) }),
    );
  });

  it("come from the environment in production: PEM or file, a name, retired keys; nothing written", () => {
    const active = generateSigningKey("vouch.prod");
    const retired = generateSigningKey("vouch.prod");
    const dir = dataDir();
    const fromPem = DeploymentLedgerKeys.load(
      loadConfig({
        VOUCH_DATA_DIR: dir,
        VOUCH_LEDGER_KEY: active.privateKeyPem,
        VOUCH_LEDGER_KEY_NAME: "vouch.prod",
        VOUCH_LEDGER_RETIRED_KEYS: `${retired.vkey}, ${active.vkey}`,
      }),
    );
    expect(fromPem.ring().active.vkey).toBe(active.vkey);
    expect(fromPem.ring().verifiers.map((k) => k.vkey)).toEqual([active.vkey, retired.vkey]);
    expect(fromPem.files).toBeUndefined();
    expect(() => statSync(join(dir, "ledger"))).toThrow();

    const pemFile = join(root, "prod.pem");
    writeFileSync(pemFile, active.privateKeyPem, { mode: 0o600 });
    const fromFile = DeploymentLedgerKeys.load(
      loadConfig({ VOUCH_LEDGER_KEY_FILE: pemFile, VOUCH_PUBLIC_URL: "https://vouch.prod" }),
    );
    expect(fromFile.ring().active.vkey).toBe(active.vkey);
  });

  it("fail fast on a bad configuration", () => {
    const pem = generateSigningKey("x").privateKeyPem;
    expect(() => DeploymentLedgerKeys.load(loadConfig({ VOUCH_LEDGER_KEY: pem }))).toThrowError(
      expect.objectContaining({
        code: "CONFIG_INVALID",
        message: expect.stringMatching(/VOUCH_LEDGER_KEY_NAME/),
      }),
    );
    expect(() => loadConfig({ VOUCH_LEDGER_KEY: "not a pem" })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringMatching(/VOUCH_LEDGER_KEY/) }),
    );
    expect(() => loadConfig({ VOUCH_LEDGER_KEY: pem, VOUCH_LEDGER_KEY_FILE: "/x" })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    expect(() => loadConfig({ VOUCH_LEDGER_KEY_NAME: "has space" })).toThrow(/VOUCH_LEDGER_KEY_NAME/);
    expect(() => loadConfig({ VOUCH_CHECKPOINT_INTERVAL_MS: "10" })).toThrow(/VOUCH_CHECKPOINT_INTERVAL_MS/);
    expect(loadConfig({ VOUCH_CHECKPOINT_INTERVAL_MS: "5000" }).checkpointIntervalMs).toBe(5000);
    const rsa = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
    expect(() =>
      DeploymentLedgerKeys.load(loadConfig({ VOUCH_LEDGER_KEY: rsa, VOUCH_LEDGER_KEY_NAME: "n" })),
    ).toThrowError(expect.objectContaining({ code: "LEDGER_KEY_INVALID" }));
    expect(() =>
      DeploymentLedgerKeys.load(
        loadConfig({ VOUCH_LEDGER_KEY: pem, VOUCH_LEDGER_KEY_NAME: "n", VOUCH_LEDGER_RETIRED_KEYS: "nope" }),
      ),
    ).toThrowError(expect.objectContaining({ code: "LEDGER_KEY_INVALID" }));
  });

  it("a running process picks up a key rotated in the data directory", () => {
    const dir = dataDir();
    const config = loadConfig({ VOUCH_DATA_DIR: dir, VOUCH_LEDGER_KEY_NAME: "vouch.test" });
    const running = DeploymentLedgerKeys.load(config);
    const old = running.ring().active.vkey;
    const files = ledgerKeyFiles(config.dataDir);
    const next = generateSigningKey("vouch.test");
    writeFileSync(files.retired, `${old}\n`);
    writeFileSync(files.privateKey, next.privateKeyPem, { mode: 0o600 });
    writeFileSync(files.publicKey, `${next.vkey}\n`);
    expect(running.ring().active.vkey).toBe(next.vkey);
    expect(running.ring().verifiers.map((k) => k.vkey)).toEqual([next.vkey, old]);
  });
});
