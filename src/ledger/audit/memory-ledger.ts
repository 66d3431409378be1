import type { SigningKey } from "../checkpoints/manage-signing-keys.js";
import { signCheckpoint } from "../checkpoints/sign-checkpoint.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { type AppendPlan, planAppend } from "../tree/append-leaves.js";
import type { NodeKey } from "../tree/decompose-tree.js";
import { hashLeafText } from "../tree/hash-nodes.js";
import { MemoryTreeStore } from "../tree/memory-tree-store.js";
import type { LedgerReader, StoredCheckpoint, StoredEntry } from "./ledger-reader.js";

/**
 * One tenant's log held in memory: entries, stored subtrees and published checkpoints. For tests,
 * benchmarks and tools; it shows in a few lines what the database layer does inside its transactions.
 */
export class MemoryLedger implements LedgerReader {
  private readonly texts: string[] = [];
  private readonly nodes = new MemoryTreeStore();
  private frontier: readonly Uint8Array[] = [];
  private last: AppendPlan | undefined;
  private readonly published: StoredCheckpoint[] = [];

  /**
   * Append an entry (canonical text or a built entry). The frontier is kept in memory, which is what a
   * database implementation reads with `getNodes(frontierKeys(size))` under its per-tenant lock.
   */
  append(entry: CanonicalEntry | string): { seq: number } {
    const text = typeof entry === "string" ? entry : entry.text;
    const seq = this.texts.length;
    const leaf = typeof entry === "string" ? hashLeafText(text) : entry.leafHash;
    const plan = planAppend(seq, this.frontier, [leaf]);
    this.nodes.putNodesSync(plan.nodes);
    this.frontier = plan.frontier;
    this.last = plan;
    this.texts.push(text);
    return { seq };
  }

  /** The root at the current size. */
  root(): Uint8Array {
    return (this.last ?? planAppend(0, [], [])).root;
  }

  /** Sign a checkpoint at the current size and publish it. Returns the signed note. */
  publishCheckpoint(origin: string, signers: readonly SigningKey[], time?: number): string {
    const note = signCheckpoint(
      { origin, size: this.texts.length, root: this.root(), ...(time !== undefined ? { time } : {}) },
      signers,
    );
    this.addCheckpoint({ size: this.texts.length, note });
    return note;
  }

  /** Record an already signed checkpoint. */
  addCheckpoint(checkpoint: StoredCheckpoint): void {
    const at = this.published.findIndex((c) => c.size >= checkpoint.size);
    if (at >= 0 && this.published[at]!.size === checkpoint.size) this.published[at] = checkpoint;
    else if (at < 0) this.published.push(checkpoint);
    else this.published.splice(at, 0, checkpoint);
  }

  /** Synchronous node read, for benchmarks measuring proof cost without promise overhead. */
  getNodesSync(keys: readonly NodeKey[]): (Uint8Array | undefined)[] {
    return keys.map((k) => this.nodes.getNodeSync(k));
  }

  async treeSize(): Promise<number> {
    return this.texts.length;
  }

  async getNodes(keys: readonly NodeKey[]): Promise<readonly (Uint8Array | undefined)[]> {
    return this.getNodesSync(keys);
  }

  async *readEntries(from: number, to: number): AsyncIterable<StoredEntry> {
    const end = Math.min(to, this.texts.length);
    for (let seq = Math.max(0, from); seq < end; seq++) yield { seq, text: this.texts[seq]! };
  }

  async listCheckpoints(maxSize: number): Promise<readonly StoredCheckpoint[]> {
    return this.published.filter((c) => c.size <= maxSize);
  }
}
