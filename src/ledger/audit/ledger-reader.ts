import type { TreeNodeReader } from "../tree/tree-node-store.js";

/** An entry as stored: its sequence number (leaf index) and its canonical JSON text. */
export interface StoredEntry {
  readonly seq: number;
  readonly text: string;
}

/** A published checkpoint: its tree size and the full signed note. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly note: string;
}

/**
 * What exporting and proving need from a tenant's stored log. The database layer implements it over its
 * tables, scoped to one tenant; MemoryLedger implements it for tests and tools. Reads only, and every
 * method must see one consistent snapshot (run them in one read transaction, or rely on append-only rows
 * below the size read first).
 */
export interface LedgerReader extends TreeNodeReader {
  /** Number of entries (the next seq). */
  treeSize(): Promise<number>;
  /** Entries with from ≤ seq < to, ascending, without gaps; batching is the implementation's business. */
  readEntries(from: number, to: number): AsyncIterable<StoredEntry>;
  /** Published checkpoints with size ≤ maxSize, ascending by size. */
  listCheckpoints(maxSize: number): Promise<readonly StoredCheckpoint[]>;
}
