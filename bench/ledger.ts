/**
 * `npm run bench` section for the decision ledger: full offline verification of a 1,000,000-entry export,
 * proof generation and verification latency at n = 1,000,000, and the raw SHA-256 rate of node:crypto over
 * the same hashes in the same run (the physical limit the verifier is compared with).
 * Append throughput inside real database transactions belongs to the store integration, not here.
 */

import * as crypto from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildConsistencyProof,
  buildDecisionEntry,
  buildInclusionProof,
  computeTreeRoot,
  type DecisionData,
  type EntryInput,
  exportLedger,
  generateSigningKey,
  hashLeafText,
  type LedgerReader,
  MemoryTreeStore,
  type NodeKey,
  openExportFile,
  parseVerifierKey,
  planAppend,
  planInclusionProof,
  type StoredCheckpoint,
  type StoredEntry,
  signCheckpoint,
  verifyConsistencyProof,
  verifyExport,
  verifyInclusionProof,
  writeExportFile,
} from "../src/ledger/index.js";
import { machine } from "./support.js";

const N = Number(process.env.VOUCH_BENCH_LEDGER_N ?? 1_000_000);
const CHECKPOINT_EVERY = 10_000;
const PROOF_SAMPLES = 10_000;
const TENANT = "ten_01JH8Z6Q3V4W5X6Y7Z8A9B0C1D";
const ORIGIN = `bench.vouch.local/vouch/${TENANT}`;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const log = (line: string) => process.stderr.write(`   ${line}\n`);

// ---- deterministic, realistic decision entries -------------------------------------------------------

const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function ulidBody(n: number): string {
  let s = "";
  let x = n;
  for (let i = 0; i < 26; i++) {
    s = B32[x % 32] + s;
    x = Math.floor(x / 32);
  }
  return s;
}
const DIGESTS = Array.from({ length: 4096 }, (_, i) =>
  crypto.createHmac("sha256", "bench-salt").update(`message ${i}`).digest("hex"),
);

function entryInput(i: number): EntryInput & { data: DecisionData } {
  return {
    time: T0 + i * 250,
    tenant: TENANT,
    actor: { kind: "agent", id: "agent" },
    agentVersion: `ver_${ulidBody(7 + Math.floor(i / 100_000))}`,
    subject: { conversation: `conv_${ulidBody(Math.floor(i / 6))}`, message: `msg_${ulidBody(i)}` },
    data: {
      inputDigest: `hmac-sha256:${DIGESTS[i % 4096]}`,
      outputDigest: `hmac-sha256:${DIGESTS[(i * 7 + 1) % 4096]}`,
      sources: [
        { id: `art_${ulidBody(1000 + (i % 97))}`, score: 0.8123 },
        { id: `art_${ulidBody(2000 + (i % 89))}`, score: 0.4172 },
        { id: `art_${ulidBody(3000 + (i % 83))}`, score: 0.1 },
      ],
      confidence: (i % 1000) / 1000,
      action: i % 9 === 0 ? "escalate" : "answer",
      reason: i % 9 === 0 ? "low_confidence" : "answered",
      latencyUs: 800 + (i % 5000),
    },
  };
}

/**
 * The canonical text of entry i, written out directly: the builder validates and canonicalises generically
 * (~20 µs an entry), which would make generating a million entries twice dominate the run. The first
 * 1,000 entries and every 1,000th after are checked byte for byte against buildDecisionEntry.
 */
function entryText(i: number): string {
  const e = entryInput(i);
  const d = e.data;
  const sources = d.sources.map((s) => `{"id":"${s.id}","score":${s.score}}`).join(",");
  return (
    `{"actor":{"id":"agent","kind":"agent"},"agentVersion":"${e.agentVersion}","data":{"action":"${d.action}",` +
    `"confidence":${d.confidence},"inputDigest":"${d.inputDigest}","latencyUs":${d.latencyUs},` +
    `"outputDigest":"${d.outputDigest}","reason":"${d.reason}","sources":[${sources}]},` +
    `"subject":{"conversation":"${e.subject?.conversation}","message":"${e.subject?.message}"},` +
    `"tenant":"${TENANT}","time":"${new Date(e.time).toISOString()}","type":"decision","v":1}`
  );
}

/** A LedgerReader over the in-memory node store, regenerating entry texts instead of holding 700 MB. */
class BenchLedger implements LedgerReader {
  readonly store = new MemoryTreeStore();
  readonly checkpoints: StoredCheckpoint[] = [];
  size = 0;
  async treeSize(): Promise<number> {
    return this.size;
  }
  async getNodes(keys: readonly NodeKey[]): Promise<readonly (Uint8Array | undefined)[]> {
    return keys.map((k) => this.store.getNodeSync(k));
  }
  async *readEntries(from: number, to: number): AsyncIterable<StoredEntry> {
    for (let seq = from; seq < Math.min(to, this.size); seq++) yield { seq, text: entryText(seq) };
  }
  async listCheckpoints(maxSize: number): Promise<readonly StoredCheckpoint[]> {
    return this.checkpoints.filter((c) => c.size <= maxSize);
  }
}

// ---- measurement helpers -----------------------------------------------------------------------------

function percentiles(samplesNs: bigint[]): { p50: number; p99: number; mean: number } {
  const us = samplesNs.map((s) => Number(s) / 1000).sort((a, b) => a - b);
  const at = (q: number) => us[Math.min(us.length - 1, Math.floor(q * us.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: us.reduce((a, b) => a + b, 0) / us.length };
}

// A fixed-seed generator, so runs pick the same proof positions.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A full GC before each timed phase (when run with --expose-gc, as `npm run bench` is), for steadier figures. */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

const popcount = (n: number): number => {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
};

/** Runs the ledger benchmarks and returns the BENCHMARKS.md section. */
export async function run(): Promise<{ title: string; markdown: string; json: unknown }> {
  for (const i of [
    ...Array.from({ length: 1000 }, (_, k) => k),
    ...Array.from({ length: 1000 }, (_, k) => k * 1000 + 7),
  ]) {
    if (i < N && buildDecisionEntry(entryInput(i)).text !== entryText(i)) {
      throw new Error(`bench entry ${i} is not in canonical form`);
    }
  }
  const key = generateSigningKey("bench.vouch.local");
  const keys = [parseVerifierKey(key.vkey)];
  const dir = mkdtempSync(join(tmpdir(), "vouch-ledger-bench-"));
  try {
    // 1. Build the log: tree rows through planAppend (the code the database layer calls), a signed
    //    checkpoint every 10,000 entries, as an hourly schedule would give a busy tenant.
    const ledger = new BenchLedger();
    let frontier: readonly Uint8Array[] = [];
    let entryBytes = 0;
    let started = performance.now();
    for (let i = 0; i < N; i++) {
      const text = entryText(i);
      entryBytes += Buffer.byteLength(text);
      const plan = planAppend(i, frontier, [hashLeafText(text)]);
      ledger.store.putNodesSync(plan.nodes);
      frontier = plan.frontier;
      ledger.size = plan.size;
      if (plan.size % CHECKPOINT_EVERY === 0 || plan.size === N) {
        const note = signCheckpoint(
          { origin: ORIGIN, size: plan.size, root: plan.root, time: T0 + i * 250 },
          [key.signer],
        );
        ledger.checkpoints.push({ size: plan.size, note });
      }
    }
    const appendMs = performance.now() - started;
    log(
      `built ${N} entries and ${ledger.checkpoints.length} checkpoints in ${(appendMs / 1000).toFixed(1)} s`,
    );

    // 2. Export to a file in the OS temp directory (not timed as part of verification).
    const file = join(dir, "ledger-export.jsonl");
    started = performance.now();
    const exp = await exportLedger(ledger, { origin: ORIGIN, tenant: TENANT, now: T0 });
    await writeExportFile(file, exp.lines);
    const exportMs = performance.now() - started;
    const fileBytes = statSync(file).size;
    log(`exported ${(fileBytes / 2 ** 20).toFixed(0)} MiB in ${(exportMs / 1000).toFixed(1)} s`);

    // 3. Full verification, timed: read, split, hash every leaf, recompute roots, check every signature,
    //    consistency proof and root. Once hashes only, once with every entry parsed and schema-checked too.
    collectGarbage();
    started = performance.now();
    const report = await verifyExport(openExportFile(file), { keys, checkEntries: false });
    const verifyMs = performance.now() - started;
    if (!report.ok) throw new Error(`bench export did not verify: ${JSON.stringify(report.problem)}`);
    log(`verified (hashes, signatures, roots) in ${(verifyMs / 1000).toFixed(2)} s`);
    collectGarbage();
    started = performance.now();
    const strict = await verifyExport(openExportFile(file), { keys, checkEntries: true });
    const verifyStrictMs = performance.now() - started;
    if (!strict.ok)
      throw new Error(`bench export did not verify strictly: ${JSON.stringify(strict.problem)}`);
    log(`verified with entry checks in ${(verifyStrictMs / 1000).toFixed(2)} s`);

    // 4. The physical limit: node:crypto SHA-256 over the same hashes the verifier computes — N leaf
    //    hashes of (1 + mean entry length) bytes, and every node hash (merges plus root folds at each
    //    checkpoint) of 65 bytes — with the fastest one-shot API, no I/O, no parsing.
    const leafInput = Buffer.alloc(1 + Math.round(entryBytes / N), 0x61);
    const nodeInput = Buffer.alloc(65, 0x01);
    const nodeHashes =
      N - popcount(N) + ledger.checkpoints.reduce((sum, c) => sum + Math.max(0, popcount(c.size) - 1), 0);
    // Best of three: the limit is the fastest the machine manages; the verifier's single run is not so favoured.
    let rawMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      collectGarbage();
      started = performance.now();
      for (let i = 0; i < N; i++) crypto.hash("sha256", leafInput, "binary");
      for (let i = 0; i < nodeHashes; i++) crypto.hash("sha256", nodeInput, "binary");
      rawMs = Math.min(rawMs, performance.now() - started);
    }
    log(`raw SHA-256 of the same ${N + nodeHashes} hashes: ${(rawMs / 1000).toFixed(2)} s`);

    // 5. Proof latency at n = N from the in-memory store: plan, fetch nodes (one getNodes call), assemble.
    const random = rng(42);
    const inclGen: bigint[] = [];
    const inclVer: bigint[] = [];
    const consGen: bigint[] = [];
    const consVer: bigint[] = [];
    const root = await computeTreeRoot(ledger, N);
    const rootsAt = new Map<number, Uint8Array>();
    for (let s = 0; s < PROOF_SAMPLES; s++) {
      const index = Math.floor(random() * N);
      let t = process.hrtime.bigint();
      const proof = await buildInclusionProof(ledger, index, N);
      inclGen.push(process.hrtime.bigint() - t);
      const leaf = ledger.store.getNodeSync({ level: 0, index })!;
      t = process.hrtime.bigint();
      const ok = verifyInclusionProof(index, N, leaf, proof, root).ok;
      inclVer.push(process.hrtime.bigint() - t);
      if (!ok) throw new Error(`inclusion proof for ${index} failed`);

      const m = 1 + Math.floor(random() * (N - 1));
      t = process.hrtime.bigint();
      const cproof = await buildConsistencyProof(ledger, m, N);
      consGen.push(process.hrtime.bigint() - t);
      let rootM = rootsAt.get(m);
      if (!rootM) {
        rootM = await computeTreeRoot(ledger, m);
        rootsAt.set(m, rootM);
      }
      t = process.hrtime.bigint();
      const cok = verifyConsistencyProof(m, N, cproof, rootM, root).ok;
      consVer.push(process.hrtime.bigint() - t);
      if (!cok) throw new Error(`consistency proof ${m} → ${N} failed`);
    }
    const planKeys = planInclusionProof(Math.floor(N / 3), N).keys.length;
    const figures = {
      entries: N,
      checkpoints: ledger.checkpoints.length,
      meanEntryBytes: Math.round(entryBytes / N),
      exportBytes: fileBytes,
      buildSeconds: appendMs / 1000,
      exportSeconds: exportMs / 1000,
      verifySeconds: verifyMs / 1000,
      verifyWithEntryChecksSeconds: verifyStrictMs / 1000,
      verifyEntriesPerSecond: N / (verifyMs / 1000),
      verifyMiBPerSecond: fileBytes / 2 ** 20 / (verifyMs / 1000),
      rawSha256Seconds: rawMs / 1000,
      rawHashes: N + nodeHashes,
      verifyToRawRatio: verifyMs / rawMs,
      inclusionGenerateUs: percentiles(inclGen),
      inclusionVerifyUs: percentiles(inclVer),
      consistencyGenerateUs: percentiles(consGen),
      consistencyVerifyUs: percentiles(consVer),
      nodesPerInclusionProof: planKeys,
      treeRows: ledger.store.nodeCount,
    };
    return { title: "Decision ledger", markdown: markdown(figures), json: figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Figures = {
  entries: number;
  checkpoints: number;
  meanEntryBytes: number;
  exportBytes: number;
  buildSeconds: number;
  exportSeconds: number;
  verifySeconds: number;
  verifyWithEntryChecksSeconds: number;
  verifyEntriesPerSecond: number;
  verifyMiBPerSecond: number;
  rawSha256Seconds: number;
  rawHashes: number;
  verifyToRawRatio: number;
  inclusionGenerateUs: { p50: number; p99: number; mean: number };
  inclusionVerifyUs: { p50: number; p99: number; mean: number };
  consistencyGenerateUs: { p50: number; p99: number; mean: number };
  consistencyVerifyUs: { p50: number; p99: number; mean: number };
  nodesPerInclusionProof: number;
  treeRows: number;
};

function markdown(f: Figures): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const s = (x: number) => x.toFixed(2);
  const us = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  return [
    `Machine: ${machine()}.`,
    "",
    `Method: ${n(f.entries)} decision entries (mean ${f.meanEntryBytes} bytes of canonical JSON, realistic ids, digests`,
    `and three scored sources each) are appended through \`planAppend\` into the in-memory node store, with a signed`,
    `checkpoint every ${n(10_000)} entries (${n(f.checkpoints)} checkpoints), then exported with \`exportLedger\` to a`,
    `${(f.exportBytes / 2 ** 20).toFixed(0)} MiB JSON Lines file in the OS temp directory (deleted afterwards). Only the`,
    "verification is timed: `verifyExport` streams the file, hashes every entry, recomputes the root at every",
    "checkpoint, checks every Ed25519 signature and consistency proof — what `vouch audit verify` does. The raw",
    "SHA-256 figure hashes the same number of leaf inputs (of the mean entry size) and node inputs (65 bytes) with",
    "node:crypto's one-shot `crypto.hash`, in the same process, right after (best of three runs, while the verify",
    "figure is a single run): the physical limit of any verifier",
    `written on node:crypto. Proof latencies are over ${n(PROOF_SAMPLES)} random positions at n = ${n(f.entries)} from the in-memory`,
    "store (plan the O(log n) node keys, one `getNodes` call, fold), and the verifications of those proofs.",
    "",
    "| measure | result | target |",
    "|---|---|---|",
    `| verify ${n(f.entries)} entries (hashes, signatures, roots, consistency) | ${s(f.verifySeconds)} s (${n(Math.round(f.verifyEntriesPerSecond))} entries/s, ${f.verifyMiBPerSecond.toFixed(0)} MiB/s) | < 5 s: ${verdict(f.verifySeconds < 5)} |`,
    `| same, also parsing and schema-checking every entry (\`checkEntries\`, \`--check-entries\`) | ${s(f.verifyWithEntryChecksSeconds)} s | — |`,
    `| raw SHA-256 of the same ${n(f.rawHashes)} hashes | ${s(f.rawSha256Seconds)} s | — |`,
    `| verify time ÷ raw SHA-256 time | ${f.verifyToRawRatio.toFixed(2)}× | — |`,
    `| inclusion proof, generate (p50 / p99) | ${us(f.inclusionGenerateUs.p50)} / ${us(f.inclusionGenerateUs.p99)} µs | < 1 ms: ${verdict(f.inclusionGenerateUs.p99 < 1000)} |`,
    `| inclusion proof, verify (p50 / p99) | ${us(f.inclusionVerifyUs.p50)} / ${us(f.inclusionVerifyUs.p99)} µs | < 1 ms: ${verdict(f.inclusionVerifyUs.p99 < 1000)} |`,
    `| consistency proof, generate (p50 / p99) | ${us(f.consistencyGenerateUs.p50)} / ${us(f.consistencyGenerateUs.p99)} µs | < 1 ms: ${verdict(f.consistencyGenerateUs.p99 < 1000)} |`,
    `| consistency proof, verify (p50 / p99) | ${us(f.consistencyVerifyUs.p50)} / ${us(f.consistencyVerifyUs.p99)} µs | < 1 ms: ${verdict(f.consistencyVerifyUs.p99 < 1000)} |`,
    "",
    `Also measured: building the log (entry text, leaf hash, \`planAppend\`, node rows, checkpoint signing) took`,
    `${s(f.buildSeconds)} s and writing the export ${s(f.exportSeconds)} s; the tree holds ${n(f.treeRows)} subtree rows`,
    `(< 2n), and an inclusion proof reads ${f.nodesPerInclusionProof} of them. Append throughput inside SQLite and`,
    "PostgreSQL transactions is measured by the store integration, not here.",
  ].join("\n");
}
