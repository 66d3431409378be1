import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { VouchError } from "../../shared/errors.js";
import { sha256 } from "../tree/hash-nodes.js";
import { hasControlCharacter } from "./check-text.js";

/**
 * Ed25519 keys in the formats of C2SP signed-note (https://c2sp.org/signed-note):
 * - key id: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || 32-byte public key),
 *   where 0x01 is the signature-type byte of Ed25519;
 * - verifier key ("vkey"), the public string an auditor is given: `<name>+<8 hex key id>+<base64(0x01 || key)>`;
 * - private key: PKCS8 PEM (what OpenSSL and every KMS import), stored next to its vkey, which names it.
 * Pure: contents in, contents out. read-ledger-files.ts reads and writes the files.
 */

/** Signature type byte for Ed25519 in signed-note key ids and vkeys. */
const ED25519_ALG = 0x01;

/** A public key that checks note signatures. */
export interface VerifierKey {
  readonly name: string;
  /** 32-bit key id (see module doc). */
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  /** The vkey string. */
  readonly vkey: string;
  /** node:crypto handle, built once. */
  readonly keyObject: KeyObject;
}

/** A private key that signs notes; carries its public half. */
export interface SigningKey extends VerifierKey {
  /** Ed25519 signature of the message. */
  sign(message: Uint8Array): Uint8Array;
}

/** A freshly generated key pair, serialised. */
export interface GeneratedKey {
  readonly signer: SigningKey;
  /** PKCS8 PEM of the private key: keep secret (file mode 0600). */
  readonly privateKeyPem: string;
  /** vkey string: publish it, give it to auditors. */
  readonly vkey: string;
}

const keyInvalid = (message: string): VouchError => new VouchError("LEDGER_KEY_INVALID", message);

/** A signed-note key name: non-empty, no whitespace, no `+` (which separates vkey fields). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !/[\s+]/u.test(name) && !hasControlCharacter(name);
}

/** The key id of an Ed25519 key under a name. */
export function computeKeyId(name: string, publicKey: Uint8Array): number {
  const input = Buffer.concat([Buffer.from(name, "utf8"), Buffer.from([0x0a, ED25519_ALG]), publicKey]);
  return Buffer.from(sha256(input)).readUInt32BE(0);
}

/** Generate an Ed25519 key for signing checkpoints under `name` (e.g. the deployment's host name). */
export function generateSigningKey(name: string): GeneratedKey {
  if (!isValidKeyName(name)) throw keyInvalid(`key name ${JSON.stringify(name)} is empty or has spaces or +`);
  const { privateKey } = generateKeyPairSync("ed25519");
  const privateKeyPem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const signer = signerFromKeyObject(name, privateKey);
  return { signer, privateKeyPem, vkey: signer.vkey };
}

/**
 * Load a signing key from its PKCS8 PEM and its vkey (which gives the name). Refuses a pair that does not
 * match, so a mixed-up key file fails at start-up rather than producing checkpoints nobody can verify.
 */
export function loadSigningKey(privateKeyPem: string, vkey: string): SigningKey {
  const verifier = parseVerifierKey(vkey);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: "pem" });
  } catch {
    throw keyInvalid("the private key is not a PEM-encoded PKCS8 key");
  }
  if (key.asymmetricKeyType !== "ed25519") throw keyInvalid("the private key is not an Ed25519 key");
  const signer = signerFromKeyObject(verifier.name, key);
  if (signer.vkey !== verifier.vkey) throw keyInvalid("the private key does not match the public key (vkey)");
  return signer;
}

/** Parse a vkey string `<name>+<hex key id>+<base64(0x01 || 32-byte key)>`, checking the id. */
export function parseVerifierKey(vkey: string): VerifierKey {
  const text = vkey.trim();
  const parts = text.split("+");
  // The base64 part may itself contain '+', so rejoin everything after the second separator.
  if (parts.length < 3) throw keyInvalid("a verifier key has the form <name>+<key id>+<base64 key>");
  const [name, idHex] = parts as [string, string];
  const b64 = parts.slice(2).join("+");
  if (!isValidKeyName(name)) throw keyInvalid("the verifier key's name is empty or has spaces");
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw keyInvalid("the verifier key id must be 8 lower-case hex digits");
  const raw = decodeBase64Strict(b64);
  if (raw?.length !== 33 || raw[0] !== ED25519_ALG) {
    throw keyInvalid("the verifier key is not base64 of 0x01 followed by a 32-byte Ed25519 key");
  }
  const publicKey = raw.subarray(1);
  const keyId = computeKeyId(name, publicKey);
  if (keyId !== Number.parseInt(idHex, 16)) throw keyInvalid("the verifier key id does not match its key");
  return { name, keyId, publicKey, vkey: text, keyObject: publicKeyObject(publicKey) };
}

/** Format a vkey string. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = computeKeyId(name, publicKey).toString(16).padStart(8, "0");
  return `${name}+${id}+${Buffer.concat([Buffer.from([ED25519_ALG]), publicKey]).toString("base64")}`;
}

/** Strict standard base64 (padded, no whitespace); undefined when the text is not exactly that. */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  // Buffer ignores non-zero trailing bits; re-encoding catches such non-canonical forms.
  return bytes.toString("base64") === text ? bytes : undefined;
}

function signerFromKeyObject(name: string, privateKey: KeyObject): SigningKey {
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const vkey = formatVerifierKey(name, publicKey);
  return {
    name,
    keyId: computeKeyId(name, publicKey),
    publicKey,
    vkey,
    keyObject: publicKeyObject(publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  return Buffer.from(jwk.x ?? "", "base64url");
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") },
    format: "jwk",
  });
}
