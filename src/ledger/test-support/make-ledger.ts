import { MemoryLedger } from "../audit/memory-ledger.js";
import { exportLedger } from "../audit/write-export.js";
import { ledgerOrigin } from "../checkpoints/format-checkpoint.js";
import { type GeneratedKey, generateSigningKey } from "../checkpoints/manage-signing-keys.js";
import { buildAdminEntry, buildBillingEntry, buildDecisionEntry } from "../entries/build-entry.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { digestContent } from "../entries/digest-personal-data.js";

export const TENANT = "ten_01J0000000000000000000000A";
export const ORIGIN = ledgerOrigin("vouch.test", TENANT);
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const salt = new Uint8Array(32).fill(3);

/** A realistic entry number i: decisions mostly, with admin and billing events mixed in. */
export function sampleEntry(i: number, tenant = TENANT): CanonicalEntry {
  const common = { time: T0 + i * 1000, tenant, subject: { conversation: `conv_${i % 17}` } };
  if (i % 10 === 3) {
    return buildBillingEntry({
      ...common,
      actor: { kind: "system", id: "metering" },
      data: { event: "resolution", quantity: 1, idempotencyKey: `res:conv_${i % 17}:${i}` },
    });
  }
  if (i % 10 === 7) {
    return buildAdminEntry({
      ...common,
      actor: { kind: "user", id: `usr_${i % 3}` },
      data: {
        action: "version.promote",
        details: { from: `ver_${i}`, to: `ver_${i + 1}`, note: "café ✓ 😀" },
      },
    });
  }
  return buildDecisionEntry({
    ...common,
    actor: { kind: "agent", id: "agent" },
    agentVersion: "ver_abc",
    subject: { conversation: `conv_${i % 17}`, message: `msg_${i}` },
    data: {
      inputDigest: digestContent(`question ${i}`, salt),
      sources: [
        { id: "art_reset", score: 0.82 },
        { id: "art_billing", score: 0.125 },
      ],
      confidence: (i % 100) / 100,
      action: i % 5 === 0 ? "escalate" : "answer",
      reason: i % 5 === 0 ? "low_confidence" : "answered",
      latencyUs: 1000 + i,
    },
  });
}

export interface Fixture {
  readonly ledger: MemoryLedger;
  readonly key: GeneratedKey;
  /** The export as text. */
  readonly text: string;
  readonly lines: string[];
}

/** A ledger of `n` entries with checkpoints at `sizes` (the last must be n), and its export. */
export async function makeFixture(
  n = 200,
  sizes: readonly number[] = [1, 5, 64, 100, 137, 200],
  key: GeneratedKey = generateSigningKey("vouch.test"),
  entry: (i: number) => CanonicalEntry | string = (i) => sampleEntry(i),
): Promise<Fixture> {
  const ledger = new MemoryLedger();
  for (let i = 0; i < n; i++) {
    if (sizes.includes(i)) ledger.publishCheckpoint(ORIGIN, [key.signer], T0 + i * 1000);
    ledger.append(entry(i));
  }
  if (sizes.includes(n)) ledger.publishCheckpoint(ORIGIN, [key.signer], T0 + n * 1000);
  const text = await exportText(ledger);
  return { ledger, key, text, lines: text.split("\n") };
}

/** Export a memory ledger to one string. */
export async function exportText(ledger: MemoryLedger, treeSize?: number): Promise<string> {
  const out = await exportLedger(ledger, {
    origin: ORIGIN,
    tenant: TENANT,
    now: T0,
    ...(treeSize !== undefined ? { treeSize } : {}),
  });
  let text = "";
  for await (const line of out.lines) text += line;
  return text;
}

/** An async iterable over one string, cut in chunks of `size` bytes (to cross line and character boundaries). */
export async function* chunksOf(text: string | Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Index of the line holding entry `seq`. */
export function entryLineIndex(lines: readonly string[], seq: number): number {
  return lines.findIndex((l) => l.startsWith(`{"kind":"entry","seq":${seq},`));
}
