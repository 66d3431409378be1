import { sql } from "kysely";
import type { Db } from "../../store/index.js";
import type { LedgerReader, StoredCheckpoint, StoredEntry } from "../audit/ledger-reader.js";
import { lastLeafOf, type NodeKey } from "../tree/decompose-tree.js";
import { groupKeysByLevel } from "../tree/plan-proof.js";

const ENTRY_BATCH = 2000;

/**
 * One tenant's log as the core reads it (LedgerReader), over the ledger tables. Needs no transaction:
 * rows below a tree size, once read, never change, so callers read the size (or pick a checkpoint) first
 * and everything below it after. Leaves (level 0) come from `ledger_entries.leaf_hash`, higher subtrees
 * from `ledger_nodes` (keyed by the last leaf they cover); a proof's nodes are fetched in one query.
 */
export class SqlLedgerReader implements LedgerReader {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  async treeSize(): Promise<number> {
    const row = await this.db
      .selectFrom("ledger_heads")
      .select("tree_size")
      .where("tenant_id", "=", this.tenantId)
      .executeTakeFirst();
    return row?.tree_size ?? 0;
  }

  async getNodes(keys: readonly NodeKey[]): Promise<readonly (Uint8Array | undefined)[]> {
    if (keys.length === 0) return [];
    const leaves = keys.filter((k) => k.level === 0).map((k) => k.index);
    const inner = groupKeysByLevel(keys.filter((k) => k.level > 0));
    const leafQuery = this.db
      .selectFrom("ledger_entries")
      .select([sql<number>`0`.as("level"), "seq as idx", "leaf_hash as hash"])
      .where("tenant_id", "=", this.tenantId)
      .where("seq", "in", leaves.length > 0 ? leaves : [-1]);
    // Stored nodes are keyed by the last leaf they cover (lastLeafOf), idx = (last_seq + 1) / 2^level − 1.
    const innerQuery = this.db
      .selectFrom("ledger_nodes")
      .select(["level", sql<number>`((last_seq + 1) >> level) - 1`.as("idx"), "hash"])
      .where("tenant_id", "=", this.tenantId)
      .where((eb) =>
        eb.or(
          inner.map((g) =>
            eb.and([
              eb("level", "=", g.level),
              eb(
                "last_seq",
                "in",
                g.indices.map((index) => lastLeafOf({ level: g.level, index })),
              ),
            ]),
          ),
        ),
      );
    const rows =
      inner.length === 0
        ? await leafQuery.execute()
        : leaves.length === 0
          ? await innerQuery.execute()
          : await leafQuery.unionAll(innerQuery).execute();
    const found = new Map<string, Uint8Array>();
    for (const r of rows) found.set(`${Number(r.level)}:${Number(r.idx)}`, r.hash);
    return keys.map((k) => found.get(`${k.level}:${k.index}`));
  }

  async *readEntries(from: number, to: number): AsyncIterable<StoredEntry> {
    let next = Math.max(0, from);
    while (next < to) {
      const rows = await this.db
        .selectFrom("ledger_entries")
        .select(["seq", "entry"])
        .where("tenant_id", "=", this.tenantId)
        .where("seq", ">=", next)
        .where("seq", "<", to)
        .orderBy("seq")
        .limit(ENTRY_BATCH)
        .execute();
      for (const r of rows) yield { seq: r.seq, text: r.entry };
      if (rows.length < ENTRY_BATCH) return;
      next = rows[rows.length - 1]!.seq + 1;
    }
  }

  async listCheckpoints(maxSize: number): Promise<readonly StoredCheckpoint[]> {
    const rows = await this.db
      .selectFrom("ledger_checkpoints")
      .select(["tree_size", "note"])
      .where("tenant_id", "=", this.tenantId)
      .where("tree_size", "<=", maxSize)
      .orderBy("tree_size")
      .execute();
    return rows.map((r) => ({ size: r.tree_size, note: r.note }));
  }

  /** The seqs of the entries naming `subjectId` (a conversation, message, article, key…), ascending. */
  async seqsOfSubject(subjectId: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom("ledger_subjects")
      .select("seq")
      .where("tenant_id", "=", this.tenantId)
      .where("subject_id", "=", subjectId)
      .orderBy("seq")
      .execute();
    return rows.map((r) => Number(r.seq));
  }
}
