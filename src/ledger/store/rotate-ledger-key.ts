import type { SigningKey } from "../checkpoints/manage-signing-keys.js";
import { keyRotationEntry } from "../checkpoints/rotate-signing-key.js";
import type { EntryActor } from "../entries/entry-schema.js";
import { computeTreeRoot } from "../tree/compute-tree-root.js";
import { appendLedgerEntries } from "./append-ledger-entries.js";
import type { LedgerDeps } from "./ledger-deps.js";
import { keyRef, storeCheckpoint } from "./publish-checkpoint.js";
import { SqlLedgerReader } from "./sql-ledger-reader.js";

/** Per-tenant outcome of recording a key rotation. */
export type RotationResult =
  | {
      readonly tenantId: string;
      readonly ok: true;
      /** The seq of the `key.rotate` entry. */
      readonly seq: number;
      /** The tree size of the checkpoint signed by both keys. */
      readonly treeSize: number;
      /** False when an earlier, interrupted run had already recorded it. */
      readonly recorded: boolean;
    }
  | { readonly tenantId: string; readonly ok: false; readonly error: string };

/**
 * Record a checkpoint key rotation in each tenant's log: a `key.rotate` admin entry naming the previous and
 * the new public key, and, in the same transaction, a checkpoint covering it signed by both keys — so an
 * auditor who trusts only the old key learns the new one under the old key's signature, and no other
 * process can sign that size first with one key alone. Idempotent per tenant (an interrupted rotation is
 * finished by running it again); one result per tenant. Switching the active key is the caller's step,
 * after every tenant succeeded.
 */
export async function recordKeyRotation(
  deps: Pick<LedgerDeps, "store" | "clock">,
  input: {
    readonly tenantIds: readonly string[];
    readonly previous: SigningKey;
    readonly next: SigningKey;
    readonly actor: EntryActor;
    /** The deployment name, for the origin of logs that have no checkpoint yet. */
    readonly deployment: string;
  },
): Promise<RotationResult[]> {
  const results: RotationResult[] = [];
  const subject = { signingKey: keyRef(input.next) };
  for (const tenantId of input.tenantIds) {
    try {
      const done = await findRotation(deps, tenantId, subject.signingKey, input.next.vkey);
      if (done !== undefined) {
        results.push({ tenantId, ok: true, seq: done, treeSize: done + 1, recorded: false });
        continue;
      }
      const now = deps.clock.now();
      const r = await deps.store.transaction(async (trx) => {
        const entry = keyRotationEntry({
          time: now,
          tenant: tenantId,
          actor: input.actor,
          subject,
          previousKey: input.previous.vkey,
          newKey: input.next.vkey,
        });
        const appended = await appendLedgerEntries(trx, tenantId, [entry]);
        const root = await computeTreeRoot(new SqlLedgerReader(trx, tenantId), appended.treeSize);
        await storeCheckpoint(trx, tenantId, {
          size: appended.treeSize,
          root,
          signers: [input.previous, input.next],
          deployment: input.deployment,
          now,
        });
        return appended;
      });
      results.push({ tenantId, ok: true, seq: r.firstSeq, treeSize: r.treeSize, recorded: true });
    } catch (err) {
      results.push({ tenantId, ok: false, error: (err as Error).message });
    }
  }
  return results;
}

async function findRotation(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  subjectId: string,
  newKey: string,
): Promise<number | undefined> {
  const reader = new SqlLedgerReader(deps.store.db, tenantId);
  for (const seq of await reader.seqsOfSubject(subjectId)) {
    for await (const e of reader.readEntries(seq, seq + 1)) {
      const entry = JSON.parse(e.text) as { data?: { action?: string; details?: { newKey?: string } } };
      if (entry.data?.action === "key.rotate" && entry.data.details?.newKey === newKey) return seq;
    }
  }
  return undefined;
}
