import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generateSigningKey,
  parseVerifierKey,
  type VerifierKey,
} from "../checkpoints/manage-signing-keys.js";
import { signCheckpoint } from "../checkpoints/sign-checkpoint.js";
import { buildAdminEntry } from "../entries/build-entry.js";
import {
  chunksOf,
  entryLineIndex,
  exportText,
  type Fixture,
  makeFixture,
  ORIGIN,
  sampleEntry,
  TENANT,
} from "../test-support/make-ledger.js";
import { formatEntryLine } from "./export-format.js";
import { MemoryLedger } from "./memory-ledger.js";
import { PROBLEM_CODES, type ProblemCode } from "./problem-codes.js";
import { type VerifyExportOptions, type VerifyReport, verifyExport } from "./verify-export.js";

const fixture = await makeFixture();
const keys: VerifierKey[] = [parseVerifierKey(fixture.key.vkey)];

// Entry checks on by default here, so each test sees the most specific problem code.
async function verifyText(text: string, options: Partial<VerifyExportOptions> = {}): Promise<VerifyReport> {
  return verifyExport(
    { name: "export.jsonl", chunks: chunksOf(text, 777) },
    { keys, checkEntries: true, ...options },
  );
}

const withLines = (f: Fixture, edit: (lines: string[]) => void): string => {
  const lines = [...f.lines];
  edit(lines);
  return lines.join("\n");
};

const ENTRY_LINE = /^\{"kind":"entry","seq":\d+,"entry":(.*)\}$/;

const renumber = (lines: string[]): void => {
  let seq = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = ENTRY_LINE.exec(lines[i]!);
    if (m) lines[i] = formatEntryLine(seq++, m[1]!).slice(0, -1);
  }
};

const entryText = (lines: readonly string[], seq: number): string =>
  ENTRY_LINE.exec(lines[entryLineIndex(lines, seq)]!)![1]!;

const setEntry = (lines: string[], seq: number, text: string): void => {
  lines[entryLineIndex(lines, seq)] = formatEntryLine(seq, text).slice(0, -1);
};

async function expectProblem(text: string, code: ProblemCode, options: Partial<VerifyExportOptions> = {}) {
  const report = await verifyText(text, options);
  expect(report.ok, JSON.stringify(report.problem)).toBe(false);
  expect(report.problem?.code, JSON.stringify(report.problem)).toBe(code);
  return report;
}

describe("a clean export", () => {
  it("verifies: every entry hashed, every checkpoint and consistency proof checked", async () => {
    const report = await verifyText(fixture.text);
    expect(report).toMatchObject({
      ok: true,
      entries: 200,
      checkpointsVerified: 6,
      consistencyProofsVerified: 5,
      warnings: [],
    });
    expect(report.sources[0]).toMatchObject({
      origin: ORIGIN,
      tenant: TENANT,
      treeSize: 200,
      entries: 200,
      checkpoints: 6,
    });
    expect(report.sources[0]?.root).toBe(Buffer.from(fixture.ledger.root()).toString("base64"));
  });

  it("verifies from any chunking, including one byte at a time and a single string", async () => {
    for (const size of [1, 3, 64, 1 << 20]) {
      const report = await verifyExport({ name: "x", chunks: chunksOf(fixture.text, size) }, { keys });
      expect(report.ok).toBe(true);
    }
    const asString = await verifyExport({ name: "x", chunks: [fixture.text] }, { keys });
    expect(asString.ok).toBe(true);
  });

  it("verifies the empty log and a log checkpointed at size 0", async () => {
    const empty = await makeFixture(0, [0]);
    const report = await verifyExport(
      { name: "e", chunks: chunksOf(empty.text) },
      { keys: [parseVerifierKey(empty.key.vkey)] },
    );
    expect(report).toMatchObject({ ok: true, entries: 0, checkpointsVerified: 1 });
  });

  it("reports progress", async () => {
    const seen: number[] = [];
    await verifyText(fixture.text, { progressEvery: 50, onProgress: (p) => seen.push(p.entries) });
    expect(seen).toEqual([50, 100, 150, 200]);
  });

  it("keeps verifying old checkpoints after a key rotation, with both keys trusted", async () => {
    const k1 = generateSigningKey("vouch.test");
    const k2 = generateSigningKey("vouch.test");
    const ledger = new MemoryLedger();
    for (let i = 0; i < 30; i++) {
      if (i === 10) ledger.publishCheckpoint(ORIGIN, [k1.signer]);
      if (i === 20) ledger.publishCheckpoint(ORIGIN, [k1.signer, k2.signer]);
      ledger.append(sampleEntry(i));
    }
    ledger.publishCheckpoint(ORIGIN, [k2.signer]);
    const text = await exportText(ledger);
    const both = [parseVerifierKey(k1.vkey), parseVerifierKey(k2.vkey)];
    expect((await verifyExport({ name: "r", chunks: chunksOf(text) }, { keys: both })).ok).toBe(true);
    const onlyOld = await verifyExport({ name: "r", chunks: chunksOf(text) }, { keys: [both[0]!] });
    expect(onlyOld.problem?.code).toBe("KEY_UNKNOWN");
  });
});

describe("tampering with entries is detected", () => {
  it("changing an entry's content → ROOT_MISMATCH, locating the range", async () => {
    const text = withLines(fixture, (l) =>
      setEntry(l, 70, entryText(l, 70).replace('"confidence":0.7', '"confidence":0.9')),
    );
    const report = await expectProblem(text, "ROOT_MISMATCH");
    expect(report.problem).toMatchObject({ treeSize: 100 });
    expect(report.problem?.message).toContain("64..99");
  });

  it("changing an entry to a non-canonical or invalid one → ENTRY_INVALID, or ROOT_MISMATCH without entry checks", async () => {
    const spaced = withLines(fixture, (l) => setEntry(l, 3, entryText(l, 3).replace(",", ", ")));
    await expectProblem(spaced, "ENTRY_INVALID");
    await expectProblem(spaced, "ROOT_MISMATCH", { checkEntries: false });
    const lone = withLines(fixture, (l) =>
      setEntry(l, 3, entryText(l, 3).replace("metering", "meter\\ud800")),
    );
    await expectProblem(lone, "ENTRY_INVALID");
    await expectProblem(lone, "ROOT_MISMATCH", { checkEntries: false });
  });

  it("an entry of another tenant → ENTRY_TENANT_MISMATCH", async () => {
    const text = withLines(fixture, (l) => setEntry(l, 10, sampleEntry(10, "ten_other").text));
    await expectProblem(text, "ENTRY_TENANT_MISMATCH");
  });

  it("deleting an entry → ENTRY_SEQ_MISMATCH; deleting and renumbering → ROOT_MISMATCH", async () => {
    const deleted = withLines(fixture, (l) => l.splice(entryLineIndex(l, 50), 1));
    expect((await expectProblem(deleted, "ENTRY_SEQ_MISMATCH")).problem).toMatchObject({ seq: 50 });
    const renumbered = withLines(fixture, (l) => {
      l.splice(entryLineIndex(l, 50), 1);
      renumber(l);
    });
    await expectProblem(renumbered, "ROOT_MISMATCH");
  });

  it("reordering entries → ENTRY_SEQ_MISMATCH, or ROOT_MISMATCH when the seqs are fixed up", async () => {
    const swapped = withLines(fixture, (l) => {
      const a = entryLineIndex(l, 20);
      [l[a], l[a + 1]] = [l[a + 1]!, l[a]!];
    });
    await expectProblem(swapped, "ENTRY_SEQ_MISMATCH");
    const fixed = withLines(fixture, (l) => {
      const a = entryText(l, 20);
      setEntry(l, 20, entryText(l, 21));
      setEntry(l, 21, a);
    });
    await expectProblem(fixed, "ROOT_MISMATCH");
  });

  it("inserting an entry → ENTRY_SEQ_MISMATCH, or ROOT_MISMATCH when renumbered", async () => {
    const extra = buildAdminEntry({
      time: Date.UTC(2026, 0, 5),
      tenant: TENANT,
      actor: { kind: "user", id: "usr_1" },
      data: { action: "export" },
    }).text;
    const dup = withLines(fixture, (l) => l.splice(entryLineIndex(l, 30), 0, l[entryLineIndex(l, 30)]!));
    await expectProblem(dup, "ENTRY_SEQ_MISMATCH");
    const inserted = withLines(fixture, (l) => {
      l.splice(entryLineIndex(l, 30), 0, formatEntryLine(30, extra).slice(0, -1));
      renumber(l);
    });
    await expectProblem(inserted, "ROOT_MISMATCH");
  });

  it("appending an entry past the header's size → EXTRA_ENTRIES", async () => {
    const text = withLines(fixture, (l) =>
      l.splice(l.length - 2, 0, formatEntryLine(200, sampleEntry(200).text).slice(0, -1)),
    );
    await expectProblem(text, "EXTRA_ENTRIES");
  });

  it("an entry line in another spelling → LINE_MALFORMED", async () => {
    const i = entryLineIndex(fixture.lines, 9);
    const parsed = JSON.parse(fixture.lines[i]!);
    const raw = entryText(fixture.lines, 9);
    for (const variant of [
      JSON.stringify({ seq: 9, kind: "entry", entry: parsed.entry }),
      `{"kind":"entry", "seq":9,"entry":${raw}}`,
      `{"kind":"entry","seq":09,"entry":${raw}}`,
      `{"kind":"entry","seq":9,"entry":"x","entry":${raw}}`,
      `{"kind":"entry","seq":9,"entry":${JSON.stringify(raw)}}`,
    ]) {
      await expectProblem(
        withLines(fixture, (l) => (l[i] = variant)),
        "LINE_MALFORMED",
      );
    }
    // Anything inside the entry value is part of the hashed bytes, so an extra member is caught by the root.
    for (const extra of [
      `{"kind":"entry","seq":9,"entry":${raw},"approvedBy":"legal"}`,
      `{"kind":"entry","seq":9,"entry":${raw} }`,
    ]) {
      await expectProblem(
        withLines(fixture, (l) => (l[i] = extra)),
        "ROOT_MISMATCH",
        { checkEntries: false },
      );
      await expectProblem(
        withLines(fixture, (l) => (l[i] = extra)),
        "ENTRY_INVALID",
      );
    }
  });

  it("invalid UTF-8 bytes are never read as U+FFFD", async () => {
    const bytes = Buffer.from(fixture.text, "utf8");
    const at = bytes.indexOf(Buffer.from("café"));
    const bad = Buffer.concat([bytes.subarray(0, at + 3), Buffer.from([0xff]), bytes.subarray(at + 5)]);
    const strict = await verifyExport({ name: "x", chunks: chunksOf(bad) }, { keys, checkEntries: true });
    expect(strict.problem).toMatchObject({ code: "ENTRY_INVALID", message: "not valid UTF-8" });
    const hashOnly = await verifyExport({ name: "x", chunks: chunksOf(bad) }, { keys });
    expect(hashOnly.problem?.code).toBe("ROOT_MISMATCH");
    const header = Buffer.concat([Buffer.from([0xff]), bytes]);
    expect((await verifyExport({ name: "x", chunks: chunksOf(header) }, { keys })).problem?.code).toBe(
      "HEADER_INVALID",
    );
    const cp = Buffer.from(fixture.text.replace('"note":"', '"note":"\u00ff'), "utf8");
    cp[cp.indexOf(Buffer.from('"note":"')) + 8] = 0xfe;
    expect((await verifyExport({ name: "x", chunks: chunksOf(cp) }, { keys })).problem).toMatchObject({
      code: "LINE_MALFORMED",
      message: "the line is not valid UTF-8",
    });
  });

  it("any single byte changed in any entry line is detected (property)", async () => {
    const bytes = Buffer.from(fixture.text, "utf8");
    const firstEntry = bytes.indexOf(Buffer.from('{"kind":"entry"'));
    const endLine = bytes.lastIndexOf(Buffer.from('{"kind":"end"'));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: firstEntry, max: endLine - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (pos, delta) => {
          const copy = Buffer.from(bytes);
          copy[pos] = (copy[pos]! + delta) % 256;
          const report = await verifyExport({ name: "x", chunks: chunksOf(copy, 997) }, { keys });
          expect(report.ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("malformed input of any kind", () => {
  it("never throws: random bytes changed, cut or inserted anywhere give a report", async () => {
    const bytes = Buffer.from(fixture.text, "utf8");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.uint8Array({ minLength: 0, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (pos, insert, remove, checkEntries) => {
          const mutated = Buffer.concat([bytes.subarray(0, pos), insert, bytes.subarray(pos + remove)]);
          const report = await verifyExport(
            { name: "x", chunks: chunksOf(mutated, 509) },
            { keys, checkEntries },
          );
          expect(typeof report.ok).toBe("boolean");
          if (!report.ok) expect(Object.keys(PROBLEM_CODES)).toContain(report.problem?.code);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("truncation and structure", () => {
  it("cut after any line, or inside one, is never accepted", async () => {
    for (const keep of [1, 4, 12, 50, fixture.lines.length - 2]) {
      const cut = `${fixture.lines.slice(0, keep).join("\n")}\n`;
      const report = await verifyText(cut);
      expect(report.ok).toBe(false);
      expect(["EXPORT_TRUNCATED", "CHECKPOINT_MISSING"]).toContain(report.problem?.code);
    }
    await expectProblem(fixture.text.slice(0, fixture.text.length - 300), "LINE_MALFORMED");
  });

  it("a missing final checkpoint → CHECKPOINT_MISSING; a lowered header size → EXPORT_TRUNCATED or EXTRA_ENTRIES", async () => {
    const noLast = withLines(fixture, (l) => {
      const i = l.findLastIndex((x) => x.startsWith('{"kind":"checkpoint"'));
      l.splice(i, 1);
      l.splice(
        l.findLastIndex((x) => x.startsWith('{"kind":"consistency"')),
        1,
      );
    });
    await expectProblem(noLast, "CHECKPOINT_MISSING");
    // Its checkpoints now reach beyond the header…
    const lowered = withLines(fixture, (l) => (l[0] = l[0]!.replace('"treeSize":200', '"treeSize":150')));
    await expectProblem(lowered, "EXPORT_TRUNCATED");
    // …and with them removed, the entries do.
    const cut = withLines(fixture, (l) => {
      l[0] = l[0]!.replace('"treeSize":200', '"treeSize":137');
      l.splice(
        l.findLastIndex((x) => x.startsWith('{"kind":"checkpoint"')),
        1,
      );
      l.splice(
        l.findLastIndex((x) => x.startsWith('{"kind":"consistency"')),
        1,
      );
    });
    expect((await expectProblem(cut, "EXTRA_ENTRIES")).problem).toMatchObject({ seq: 137 });
  });

  it("lines in the wrong place → LINE_OUT_OF_ORDER", async () => {
    const cpLine = fixture.lines[1]!;
    await expectProblem(
      withLines(fixture, (l) => l.splice(entryLineIndex(l, 5), 0, cpLine)),
      "LINE_OUT_OF_ORDER",
    );
    await expectProblem(
      `${fixture.text}${fixture.lines[entryLineIndex(fixture.lines, 0)]}\n`,
      "LINE_OUT_OF_ORDER",
    );
    await expectProblem(
      withLines(fixture, (l) => ([l[1], l[2]] = [l[2]!, l[1]!])),
      "LINE_OUT_OF_ORDER",
    );
  });

  it("a bad header → HEADER_INVALID or FORMAT_UNSUPPORTED; garbage → LINE_MALFORMED", async () => {
    await expectProblem("", "HEADER_INVALID");
    await expectProblem("hello\n", "HEADER_INVALID");
    await expectProblem(
      withLines(fixture, (l) => (l[0] = l[0]!.replace('"version":1', '"version":2'))),
      "FORMAT_UNSUPPORTED",
    );
    await expectProblem(
      withLines(fixture, (l) => (l[0] = l[0]!.replace('"sha256"', '"sha512"'))),
      "FORMAT_UNSUPPORTED",
    );
    await expectProblem(
      withLines(fixture, (l) => l.splice(3, 0, "[1,2]")),
      "LINE_MALFORMED",
    );
    await expectProblem(
      withLines(fixture, (l) => l.splice(3, 0, '{"kind":"gossip"}')),
      "LINE_MALFORMED",
    );
  });

  it("a tampered consistency proof → CONSISTENCY_PROOF_INVALID", async () => {
    const text = withLines(fixture, (l) => {
      const i = l.findIndex((x) => x.startsWith('{"kind":"consistency"'));
      const c = JSON.parse(l[i]!);
      c.proof[0] = Buffer.alloc(32, 1).toString("base64");
      l[i] = JSON.stringify(c);
    });
    await expectProblem(text, "CONSISTENCY_PROOF_INVALID");
  });

  it("an unreadable source → SOURCE_UNREADABLE; no key → NO_TRUSTED_KEYS", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(fixture.lines[0]!);
      throw new Error("EIO: i/o error");
    }
    const report = await verifyExport({ name: "disk", chunks: failing() }, { keys });
    expect(report.problem).toMatchObject({ code: "SOURCE_UNREADABLE", source: "disk" });
    expect((await verifyText(fixture.text, { keys: [] })).problem?.code).toBe("NO_TRUSTED_KEYS");
  });
});

describe("checkpoints and signatures", () => {
  const cpIndex = (l: readonly string[], size: number) =>
    l.findIndex(
      (x) => x.startsWith('{"kind":"checkpoint"') && JSON.parse(x).note.split("\n")[1] === String(size),
    );

  it("a changed root or signature → SIGNATURE_INVALID", async () => {
    const rootChanged = withLines(fixture, (l) => {
      const i = cpIndex(l, 100);
      const note: string = JSON.parse(l[i]!).note;
      const parts = note.split("\n");
      parts[2] = Buffer.alloc(32, 9).toString("base64");
      l[i] = JSON.stringify({ kind: "checkpoint", note: parts.join("\n") });
    });
    await expectProblem(rootChanged, "SIGNATURE_INVALID");
    const sigChanged = withLines(fixture, (l) => {
      const i = cpIndex(l, 100);
      const note: string = JSON.parse(l[i]!).note;
      const at = note.length - 20;
      l[i] = JSON.stringify({
        kind: "checkpoint",
        note: note.slice(0, at) + (note[at] === "A" ? "B" : "A") + note.slice(at + 1),
      });
    });
    await expectProblem(sigChanged, "SIGNATURE_INVALID");
  });

  it("a checkpoint by an unknown key → KEY_UNKNOWN", async () => {
    await expectProblem(fixture.text, "KEY_UNKNOWN", {
      keys: [parseVerifierKey(generateSigningKey("vouch.test").vkey)],
    });
    const forged = withLines(fixture, (l) => {
      l[cpIndex(l, 100)] = JSON.stringify({
        kind: "checkpoint",
        note: signCheckpoint({ origin: ORIGIN, size: 100, root: fixture.ledger.root() }, [
          generateSigningKey("vouch.test").signer,
        ]),
      });
    });
    await expectProblem(forged, "KEY_UNKNOWN");
  });

  it("a checkpoint of another log → CHECKPOINT_ORIGIN_MISMATCH; a garbled one → CHECKPOINT_MALFORMED", async () => {
    const other = withLines(fixture, (l) => {
      l[cpIndex(l, 100)] = JSON.stringify({
        kind: "checkpoint",
        note: signCheckpoint({ origin: "elsewhere/vouch/x", size: 100, root: fixture.ledger.root() }, [
          fixture.key.signer,
        ]),
      });
    });
    await expectProblem(other, "CHECKPOINT_ORIGIN_MISMATCH");
    await expectProblem(
      withLines(fixture, (l) => (l[cpIndex(l, 100)] = '{"kind":"checkpoint","note":"x"}')),
      "CHECKPOINT_MALFORMED",
    );
  });
});

describe("forks", () => {
  // The same key signs a second history that shares the first 60 entries and then diverges.
  async function forkOf(f: Fixture, common: number, sizes: readonly number[]): Promise<Fixture> {
    return makeFixture(200, sizes, f.key, (i) => (i < common ? sampleEntry(i) : sampleEntry(i + 1000)));
  }

  it("two checkpoints of one size with different roots → CHECKPOINT_FORK (export + checkpoint file)", async () => {
    const fork = await forkOf(fixture, 60, [100, 200]);
    const note = (await fork.ledger.listCheckpoints(100))[0]!.note;
    const report = await verifyText(fixture.text, { checkpoints: [{ name: "witness.note", note }] });
    expect(report.problem).toMatchObject({ code: "CHECKPOINT_FORK", source: "witness.note", treeSize: 100 });
  });

  it("across two exports → CHECKPOINT_FORK", async () => {
    const fork = await forkOf(fixture, 60, [1, 5, 64, 100, 137, 200]);
    const report = await verifyExport(
      [
        { name: "a.jsonl", chunks: chunksOf(fixture.text) },
        { name: "b.jsonl", chunks: chunksOf(fork.text) },
      ],
      { keys },
    );
    expect(report.problem?.code).toBe("CHECKPOINT_FORK");
  });

  it("a checkpoint at a size the export has none for, from a diverged history → CHECKPOINT_FORK", async () => {
    const fork = await forkOf(fixture, 60, [90, 200]);
    const note = (await fork.ledger.listCheckpoints(90))[0]!.note;
    const report = await verifyText(fixture.text, { checkpoints: [{ name: "old-audit.note", note }] });
    expect(report.problem).toMatchObject({ code: "CHECKPOINT_FORK", source: "old-audit.note", treeSize: 90 });
  });

  it("consistent checkpoints held separately verify too; one beyond the export is a warning", async () => {
    const longer = await makeFixture(250, [90, 250], fixture.key);
    const notes = await longer.ledger.listCheckpoints(250);
    const report = await verifyText(fixture.text, {
      checkpoints: notes.map((c, i) => ({ name: `cp${i}.note`, note: c.note })),
    });
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 7 });
    expect(report.warnings.map((w) => w.code)).toEqual(["CHECKPOINT_NOT_COVERED"]);
  });

  it("a tampered export given with an honest one is a ROOT_MISMATCH, not a fork", async () => {
    const tampered = withLines(fixture, (l) => setEntry(l, 70, entryText(l, 71)));
    const report = await verifyExport(
      [
        { name: "honest.jsonl", chunks: chunksOf(fixture.text) },
        { name: "tampered.jsonl", chunks: chunksOf(tampered) },
      ],
      { keys },
    );
    expect(report.problem).toMatchObject({ code: "ROOT_MISMATCH", source: "tampered.jsonl" });
  });
});

describe("tampering in the database shows in the export", () => {
  it("an entry changed after its checkpoint was signed → ROOT_MISMATCH", async () => {
    const honest = fixture.ledger;
    const reader = Object.create(honest) as MemoryLedger;
    reader.readEntries = async function* (from: number, to: number) {
      for await (const e of honest.readEntries(from, to)) {
        yield e.seq === 42 ? { seq: 42, text: sampleEntry(4242).text } : e;
      }
    };
    await expectProblem(await exportText(reader), "ROOT_MISMATCH");
  });
});
