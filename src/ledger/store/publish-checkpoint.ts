import { VouchError } from "../../shared/errors.js";
import type { Db } from "../../store/index.js";
import { ledgerOrigin, parseCheckpoint } from "../checkpoints/format-checkpoint.js";
import type { SigningKey } from "../checkpoints/manage-signing-keys.js";
import { parseNote } from "../checkpoints/open-note.js";
import { signCheckpoint } from "../checkpoints/sign-checkpoint.js";
import { computeTreeRoot } from "../tree/compute-tree-root.js";
import { emptyRoot, hashChildren } from "../tree/hash-nodes.js";
import { splitFrontier } from "./append-ledger-entries.js";
import { type LedgerDeps, requireLedgerKeys } from "./ledger-deps.js";
import { sequenceAllLedgers, sequenceLedger } from "./sequence-ledger.js";
import { SqlLedgerReader } from "./sql-ledger-reader.js";

/** A published checkpoint, as the API and CLI show it. */
export interface CheckpointView {
  readonly origin: string;
  readonly treeSize: number;
  /** Base64 root hash. */
  readonly root: string;
  /** When it was signed (the checkpoint's `time` line), RFC 3339. */
  readonly time: string | null;
  /** `name+keyid` of each signer. */
  readonly signers: readonly string[];
  /** The signed note: what an auditor keeps and gives to `vouch audit verify --checkpoint`. */
  readonly note: string;
}

/**
 * Sequence the tenant's queued entries, then sign and store a checkpoint of its log at its current size,
 * unless one exists at that size
 * (then that one is returned: two checkpoints of one size must never differ). The root comes from the
 * head's frontier and is checked against the stored subtrees, so a damaged store is reported instead of
 * signed. `signers` overrides the active key (a rotation signs with the old and the new key).
 */
export async function publishCheckpoint(
  deps: LedgerDeps,
  tenantId: string,
  opts: { readonly signers?: readonly SigningKey[] } = {},
): Promise<{ checkpoint: CheckpointView; published: boolean }> {
  const keys = requireLedgerKeys(deps);
  await sequenceLedger(deps, tenantId);
  const db = deps.store.db;
  const head = await db
    .selectFrom("ledger_heads")
    .select(["tree_size", "frontier"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  const size = head?.tree_size ?? 0;
  const existing = await checkpointRow(db, tenantId, size);
  if (existing) return { checkpoint: toView(existing), published: false };

  const frontier = head ? splitFrontier(head.frontier, size, tenantId) : [];
  const root = foldFrontier(frontier);
  const stored = await computeTreeRoot(new SqlLedgerReader(db, tenantId), size);
  if (!Buffer.from(stored).equals(root)) {
    throw new Error(`ledger of tenant ${tenantId} is inconsistent: head and tree disagree at size ${size}`);
  }
  const now = deps.clock.now();
  const note = await storeCheckpoint(db, tenantId, {
    size,
    root,
    signers: opts.signers ?? [keys.ring().active],
    deployment: keys.deployment,
    now,
  });
  // Another process may have published this size first; the stored one is the checkpoint.
  const row = await checkpointRow(db, tenantId, size);
  if (!row) throw new Error(`checkpoint of tenant ${tenantId} at size ${size} was not stored`);
  return { checkpoint: toView(row), published: row.note === note };
}

/**
 * Sign a checkpoint of the given size and root and insert it (ON CONFLICT DO NOTHING), through `db`, which
 * may be a transaction: a key rotation stores its dual-signed checkpoint in the transaction of its entry,
 * so no other publisher can sign that size first. Returns the signed note.
 */
export async function storeCheckpoint(
  db: Db,
  tenantId: string,
  cp: {
    readonly size: number;
    readonly root: Uint8Array;
    readonly signers: readonly SigningKey[];
    readonly deployment: string;
    readonly now: number;
  },
): Promise<string> {
  const latest = await db
    .selectFrom("ledger_checkpoints")
    .select("origin")
    .where("tenant_id", "=", tenantId)
    .orderBy("tree_size", "desc")
    .limit(1)
    .executeTakeFirst();
  // A log keeps its origin for life, even if the deployment is renamed later.
  const origin = latest?.origin ?? ledgerOrigin(cp.deployment, tenantId);
  const note = signCheckpoint({ origin, size: cp.size, root: cp.root, time: cp.now }, cp.signers);
  await db
    .insertInto("ledger_checkpoints")
    .values({
      tenant_id: tenantId,
      tree_size: cp.size,
      root: cp.root,
      origin,
      key_names: cp.signers.map(keyRef).join(" "),
      note,
      created_at: cp.now,
    })
    .onConflict((oc) => oc.columns(["tenant_id", "tree_size"]).doNothing())
    .execute();
  return note;
}

/** Per-tenant outcome of the scheduled publication. */
type DueCheckpointResult =
  | { readonly tenantId: string; readonly ok: true; readonly treeSize: number }
  | { readonly tenantId: string; readonly ok: false; readonly error: string };

/**
 * The scheduled job: a checkpoint for every tenant whose log grew since its last checkpoint. Returns
 * one result per tenant instead of stopping at the first failure.
 */
export async function publishDueCheckpoints(deps: LedgerDeps): Promise<DueCheckpointResult[]> {
  requireLedgerKeys(deps);
  await sequenceAllLedgers(deps);
  const due = await deps.store.db
    .selectFrom("ledger_heads as h")
    .select((eb) => [
      "h.tenant_id",
      "h.tree_size",
      eb
        .selectFrom("ledger_checkpoints as c")
        .select((e) => e.fn.max("c.tree_size").as("m"))
        .whereRef("c.tenant_id", "=", "h.tenant_id")
        .as("published"),
    ])
    .where("h.tree_size", ">", 0)
    .execute();
  const results: DueCheckpointResult[] = [];
  for (const d of due) {
    const published = d.published === null ? -1 : Number(d.published);
    if (d.tree_size <= published) continue;
    try {
      const r = await publishCheckpoint(deps, d.tenant_id);
      results.push({ tenantId: d.tenant_id, ok: true, treeSize: r.checkpoint.treeSize });
    } catch (err) {
      results.push({ tenantId: d.tenant_id, ok: false, error: (err as Error).message });
    }
  }
  return results;
}

/** The checkpoint at a size, or the latest one when `size` is undefined. */
export async function getCheckpoint(
  deps: Pick<LedgerDeps, "store">,
  tenantId: string,
  size?: number,
): Promise<CheckpointView> {
  const row =
    size === undefined
      ? await deps.store.db
          .selectFrom("ledger_checkpoints")
          .select(["origin", "tree_size", "root", "key_names", "note"])
          .where("tenant_id", "=", tenantId)
          .orderBy("tree_size", "desc")
          .limit(1)
          .executeTakeFirst()
      : await checkpointRow(deps.store.db, tenantId, size);
  if (!row) {
    throw size === undefined
      ? new VouchError("NOT_FOUND", "the ledger has no checkpoint yet; publish one first")
      : new VouchError("NOT_FOUND", `no checkpoint was published at tree size ${size}`, { size });
  }
  return toView(row);
}

/** `name+keyid` of a key, as in its vkey. */
export function keyRef(key: { readonly name: string; readonly keyId: number }): string {
  return `${key.name}+${key.keyId.toString(16).padStart(8, "0")}`;
}

interface CheckpointRow {
  readonly origin: string;
  readonly tree_size: number;
  readonly root: Uint8Array;
  readonly key_names: string;
  readonly note: string;
}

function checkpointRow(db: Db, tenantId: string, size: number): Promise<CheckpointRow | undefined> {
  return db
    .selectFrom("ledger_checkpoints")
    .select(["origin", "tree_size", "root", "key_names", "note"])
    .where("tenant_id", "=", tenantId)
    .where("tree_size", "=", size)
    .executeTakeFirst();
}

function toView(row: CheckpointRow): CheckpointView {
  const note = parseNote(row.note);
  const cp = typeof note === "string" ? undefined : parseCheckpoint(note.text);
  return {
    origin: row.origin,
    treeSize: row.tree_size,
    root: Buffer.from(row.root).toString("base64"),
    time: cp && typeof cp !== "string" ? (cp.time ?? null) : null,
    signers: row.key_names.split(" ").filter((s) => s.length > 0),
    note: row.note,
  };
}

function foldFrontier(frontier: readonly Uint8Array[]): Uint8Array {
  let root: Uint8Array | undefined;
  for (let i = frontier.length - 1; i >= 0; i--) {
    root = root === undefined ? frontier[i]! : hashChildren(frontier[i]!, root);
  }
  return root ?? emptyRoot();
}
