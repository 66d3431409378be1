import { describe, expect, it } from "vitest";
import { parseVerifierKey } from "../checkpoints/manage-signing-keys.js";
import { makeFixture, sampleEntry, TENANT } from "../test-support/make-ledger.js";
import { MemoryLedger } from "./memory-ledger.js";
import { proveConsistency, proveEntry } from "./prove-entry.js";
import { verifyProofBundle } from "./verify-proof-bundle.js";
import { exportLedger } from "./write-export.js";

const fixture = await makeFixture(150, [10, 100, 150]);
const keys = [parseVerifierKey(fixture.key.vkey)];

describe("inclusion proof bundles", () => {
  it("prove an entry against the latest or a chosen checkpoint, verifiable offline", async () => {
    const latest = await proveEntry(fixture.ledger, 42);
    expect(latest).toMatchObject({
      format: "vouch-inclusion-proof",
      seq: 42,
      treeSize: 150,
      entry: sampleEntry(42).text,
    });
    expect(verifyProofBundle(JSON.parse(JSON.stringify(latest)), keys)).toMatchObject({
      ok: true,
      kind: "inclusion",
      seq: 42,
    });
    const older = await proveEntry(fixture.ledger, 42, { treeSize: 100 });
    expect(verifyProofBundle(older, keys)).toMatchObject({ ok: true, treeSize: 100 });
  });

  it("fails on a changed entry, proof or checkpoint, or an untrusted key", async () => {
    const b = await proveEntry(fixture.ledger, 7);
    expect(verifyProofBundle({ ...b, entry: sampleEntry(8).text }, keys).problem?.code).toBe("PROOF_INVALID");
    expect(verifyProofBundle({ ...b, seq: 8 }, keys).problem?.code).toBe("PROOF_INVALID");
    expect(verifyProofBundle({ ...b, proof: b.proof.slice(1) }, keys).problem?.code).toBe("PROOF_INVALID");
    expect(verifyProofBundle({ ...b, entry: `${b.entry} ` }, keys).problem?.code).toBe("ENTRY_INVALID");
    expect(
      verifyProofBundle({ ...b, checkpoint: b.checkpoint.replace("\n150\n", "\n151\n") }, keys).problem?.code,
    ).toBe("SIGNATURE_INVALID");
    const stranger = parseVerifierKey((await makeFixture(1, [1])).key.vkey);
    expect(verifyProofBundle(b, [stranger]).problem?.code).toBe("KEY_UNKNOWN");
    expect(verifyProofBundle({ format: "something" }, keys).problem?.code).toBe("BUNDLE_INVALID");
    expect(verifyProofBundle(null, keys).problem?.code).toBe("BUNDLE_INVALID");
  });

  it("refuses entries no checkpoint covers yet, and unknown entries", async () => {
    const ledger = new MemoryLedger();
    ledger.append(sampleEntry(0));
    await expect(proveEntry(ledger, 0)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(proveEntry(fixture.ledger, 120, { treeSize: 100 })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    await expect(proveEntry(fixture.ledger, 5, { treeSize: 99 })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    await expect(proveEntry(fixture.ledger, -1)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("consistency proof bundles", () => {
  it("prove that an old checkpoint is a prefix of a newer one", async () => {
    const b = await proveConsistency(fixture.ledger, 10);
    expect(b).toMatchObject({ size1: 10, size2: 150 });
    expect(verifyProofBundle(b, keys)).toMatchObject({
      ok: true,
      kind: "consistency",
      size1: 10,
      treeSize: 150,
    });
    expect(verifyProofBundle({ ...b, proof: [...b.proof].reverse() }, keys).problem?.code).toBe(
      "PROOF_INVALID",
    );
    expect(verifyProofBundle({ ...b, size1: 11 }, keys).problem?.code).toBe("BUNDLE_INVALID");
    await expect(proveConsistency(fixture.ledger, 11)).rejects.toMatchObject({ code: "INVALID_STATE" });
  });
});

describe("exporting", () => {
  it("needs a checkpoint at the exported size", async () => {
    const ledger = new MemoryLedger();
    ledger.append(sampleEntry(0));
    const opts = { origin: "o", tenant: TENANT, now: 0 };
    await expect(exportLedger(ledger, opts)).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(exportLedger(fixture.ledger, { ...opts, treeSize: 99 })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    await expect(exportLedger(fixture.ledger, { ...opts, treeSize: 151 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    const partial = await exportLedger(fixture.ledger, { ...opts, treeSize: 100 });
    expect(partial).toMatchObject({ treeSize: 100, checkpoints: 2 });
  });
});
