import { describe, expect, it } from "vitest";
import { loadMerkleVectors } from "../test-support/load-vectors.js";
import { hashLeaf } from "../tree/hash-nodes.js";
import { formatCheckpoint, ledgerOrigin, parseCheckpoint } from "./format-checkpoint.js";
import {
  computeKeyId,
  formatVerifierKey,
  generateSigningKey,
  loadSigningKey,
  parseVerifierKey,
} from "./manage-signing-keys.js";
import { openCheckpoint } from "./open-checkpoint.js";
import { openNote, parseNote } from "./open-note.js";
import { createKeyRing, keyRotationEntry } from "./rotate-signing-key.js";
import { signCheckpoint } from "./sign-checkpoint.js";
import { signNote } from "./sign-note.js";

const vectors = loadMerkleVectors();

describe("signed-note vector (golang.org/x/mod/sumdb/note)", () => {
  const v = vectors.signed_note_vector;

  it("parses the verifier key and recomputes its key id", () => {
    const key = parseVerifierKey(v.verifier_key);
    expect(key.name).toBe(v.verifier_key_parts.name);
    expect(key.keyId.toString(16).padStart(8, "0")).toBe(v.verifier_key_parts.key_id_hex);
    expect(computeKeyId(key.name, key.publicKey)).toBe(key.keyId);
    expect(formatVerifierKey(key.name, key.publicKey)).toBe(v.verifier_key);
  });

  it("verifies the signed note and returns its text", () => {
    const opened = openNote(v.signed_note, [parseVerifierKey(v.verifier_key)]);
    expect(opened).toMatchObject({ ok: true, text: v.text });
  });

  it("rejects it when the text or the signature changes, or the key is not trusted", () => {
    const key = parseVerifierKey(v.verifier_key);
    expect(openNote(v.signed_note.replace("cryptography", "Cryptography"), [key])).toMatchObject({
      ok: false,
      failure: "SIGNATURE_INVALID",
    });
    const sigStart = v.signed_note.indexOf("PeterNeumann ") + "PeterNeumann ".length + 10;
    const flipped =
      v.signed_note.slice(0, sigStart) +
      (v.signed_note[sigStart] === "A" ? "B" : "A") +
      v.signed_note.slice(sigStart + 1);
    expect(openNote(flipped, [key])).toMatchObject({ ok: false, failure: "SIGNATURE_INVALID" });
    expect(openNote(v.signed_note, [generateSigningKey("Other").signer])).toMatchObject({
      ok: false,
      failure: "KEY_UNKNOWN",
    });
    expect(openNote(v.signed_note, [])).toMatchObject({ ok: false, failure: "KEY_UNKNOWN" });
  });

  it("rejects malformed notes", () => {
    for (const bad of [
      v.text,
      `${v.text}\n`,
      `${v.text}\n- PeterNeumann AAAA\n`,
      v.signed_note.slice(0, -1),
      `${v.text}\n\u2014 PeterNeumann not*base64\n`,
      `${v.text}\n\u2014 PeterNeumann AAAA\n`,
    ]) {
      expect(typeof parseNote(bad)).toBe("string");
    }
  });

  it("rejects vkeys that are malformed or whose id does not match", () => {
    const [name, id, b64] = v.verifier_key.split("+") as [string, string, string];
    for (const bad of [
      "",
      `${name}+${id}`,
      `${name}+00000000+${b64}`,
      `${name}+${id.toUpperCase()}+${b64}`,
      `Other+${id}+${b64}`,
      `${name}+${id}+${b64.slice(0, -4)}`,
      `bad name+${id}+${b64}`,
    ]) {
      expect(() => parseVerifierKey(bad), bad).toThrow(
        expect.objectContaining({ code: "LEDGER_KEY_INVALID" }),
      );
    }
  });
});

describe("keys", () => {
  it("generates, serialises as PKCS8 PEM and vkey, and loads back", () => {
    const g = generateSigningKey("vouch.example");
    expect(g.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const loaded = loadSigningKey(g.privateKeyPem, g.vkey);
    expect(loaded.vkey).toBe(g.vkey);
    const note = signNote("hello\n", [loaded]);
    expect(openNote(note, [parseVerifierKey(g.vkey)])).toMatchObject({ ok: true, text: "hello\n" });
  });

  it("refuses a private key that does not match its vkey, or is not Ed25519 PKCS8", () => {
    const a = generateSigningKey("a.example");
    const b = generateSigningKey("a.example");
    expect(() => loadSigningKey(a.privateKeyPem, b.vkey)).toThrow(/does not match/);
    expect(() => loadSigningKey("not a key", a.vkey)).toThrow(
      expect.objectContaining({ code: "LEDGER_KEY_INVALID" }),
    );
    expect(() => generateSigningKey("has space")).toThrow(
      expect.objectContaining({ code: "LEDGER_KEY_INVALID" }),
    );
  });

  it("refuses to sign texts that are not notes", () => {
    const { signer } = generateSigningKey("k");
    for (const bad of ["", "no newline", "a\n\nb\n", "tab\there\n"]) {
      expect(() => signNote(bad, [signer])).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
    }
  });
});

describe("checkpoints", () => {
  const origin = ledgerOrigin("vouch.example", "ten_01J0000000000000000000000A");
  const root = hashLeaf(new Uint8Array(0));

  it("formats and parses the tlog-checkpoint text, with the time extension", () => {
    const text = formatCheckpoint({ origin, size: 42, root, time: "2026-01-05T09:00:00.000Z" });
    expect(text).toBe(
      `${origin}\n42\n${Buffer.from(root).toString("base64")}\ntime 2026-01-05T09:00:00.000Z\n`,
    );
    expect(parseCheckpoint(text)).toMatchObject({ origin, size: 42, time: "2026-01-05T09:00:00.000Z" });
  });

  it("parses the C2SP format example (its key is not published, so it stays unverified)", () => {
    const example = vectors.checkpoint_format_example.example;
    const note = parseNote(example);
    expect(typeof note).not.toBe("string");
    if (typeof note === "string") return;
    expect(parseCheckpoint(note.text)).toMatchObject({
      origin: "example.com/behind-the-sofa",
      size: 20852163,
    });
    expect(openCheckpoint(example, [generateSigningKey("example.com/behind-the-sofa").signer])).toMatchObject(
      {
        ok: false,
        failure: "KEY_UNKNOWN",
      },
    );
  });

  it("rejects malformed checkpoint texts", () => {
    const b64 = Buffer.from(root).toString("base64");
    for (const bad of [
      `${origin}\n42\n`,
      `${origin}\n042\n${b64}\n`,
      `${origin}\n-1\n${b64}\n`,
      `${origin}\n42\n${b64.slice(4)}\n`,
      `\n42\n${b64}\n`,
      `${origin}\n42\n${b64}`,
      `${origin}\n99999999999999999999\n${b64}\n`,
    ]) {
      expect(typeof parseCheckpoint(bad), JSON.stringify(bad)).toBe("string");
    }
  });

  it("signs and opens a checkpoint; rotation keeps old checkpoints verifying", () => {
    const k1 = generateSigningKey("vouch.example");
    const k2 = generateSigningKey("vouch.example");
    let ring = createKeyRing(k1.signer);
    const old = signCheckpoint({ origin, size: 1, root, time: Date.UTC(2026, 0, 1) }, [ring.active]);
    // A rotation, as the deployment's configuration makes it: the new key active, the old one kept to verify.
    ring = createKeyRing(k2.signer, ring.verifiers);
    const overlap = signCheckpoint({ origin, size: 2, root }, [k1.signer, ring.active]);
    const fresh = signCheckpoint({ origin, size: 3, root }, [ring.active]);

    const both = ring.verifiers.map((k) => parseVerifierKey(k.vkey));
    for (const note of [old, overlap, fresh]) expect(openCheckpoint(note, both).ok).toBe(true);
    const onlyOld = [parseVerifierKey(k1.vkey)];
    expect(openCheckpoint(old, onlyOld)).toMatchObject({
      ok: true,
      checkpoint: { size: 1, time: "2026-01-01T00:00:00.000Z" },
    });
    expect(openCheckpoint(overlap, onlyOld).ok).toBe(true);
    expect(openCheckpoint(fresh, onlyOld)).toMatchObject({ ok: false, failure: "KEY_UNKNOWN" });

    const entry = keyRotationEntry({
      time: Date.UTC(2026, 0, 2),
      tenant: "ten_01J0000000000000000000000A",
      actor: { kind: "system", id: "vouch" },
      previousKey: k1.vkey,
      newKey: k2.vkey,
    });
    expect(entry.entry.data).toEqual({
      action: "key.rotate",
      details: { previousKey: k1.vkey, newKey: k2.vkey },
    });
  });
});
