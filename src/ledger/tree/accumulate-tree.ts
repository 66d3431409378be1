import { HASH_SIZE, sha256Latin1 } from "./hash-nodes.js";

// 2^53 leaves need at most 53 frontier entries; 64 leaves room.
const MAX_DEPTH = 64;

/**
 * Streaming MTH: append leaves one by one, read the root at any size, in O(log n) memory. Keeps the frontier
 * (the perfect subtrees covering the leaves so far, largest first) in one preallocated slab, and hashes
 * through a reusable 65-byte scratch buffer: a verifier of a million-entry export then allocates almost
 * nothing per entry, and hashing dominates the cost.
 */
export class TreeAccumulator {
  private readonly slab = Buffer.alloc(MAX_DEPTH * HASH_SIZE);
  private readonly levels = new Array<number>(MAX_DEPTH).fill(0);
  private depth = 0;
  private count = 0;
  // scratch[0] = 0x01, then left child, then right child: the node-hash input, filled in place.
  private readonly scratch = Buffer.alloc(1 + 2 * HASH_SIZE);
  private leafBuffer = Buffer.alloc(4096);

  /** Number of leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Append an entry given as text: the leaf is SHA-256(0x00 || UTF-8 bytes of the text). */
  appendEntryText(text: string): void {
    this.pushLeaf(sha256Latin1(`\u0000${text}`));
  }

  /** Append an entry given as bytes. */
  appendEntryBytes(entry: Uint8Array): void {
    if (this.leafBuffer.length < entry.length + 1) this.leafBuffer = Buffer.alloc(2 * (entry.length + 1));
    this.leafBuffer[0] = 0x00;
    this.leafBuffer.set(entry, 1);
    this.pushLeaf(sha256Latin1(this.leafBuffer.subarray(0, entry.length + 1)));
  }

  /**
   * Append a leaf whose hash input is `input` exactly: 0x00 then the entry bytes. The verifier uses it to
   * hash entry bytes in place in its read buffer.
   */
  appendLeafInput(input: Uint8Array): void {
    this.pushLeaf(sha256Latin1(input));
  }

  /** Append an already computed 32-byte leaf hash. */
  appendLeafHash(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError("a leaf hash must be 32 bytes");
    this.pushLeaf(Buffer.from(leafHash).toString("latin1"));
  }

  /** MTH of the leaves appended so far (SHA-256 of nothing when none). */
  root(): Uint8Array {
    if (this.depth === 0) return Buffer.from(sha256Latin1(new Uint8Array(0)), "latin1");
    const s = this.scratch;
    s[0] = 0x01;
    // Right fold: start from the smallest (rightmost) subtree and wrap it in each larger one to its left.
    s.set(this.slab.subarray((this.depth - 1) * HASH_SIZE, this.depth * HASH_SIZE), 1 + HASH_SIZE);
    for (let i = this.depth - 2; i >= 0; i--) {
      s.set(this.slab.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE), 1);
      s.write(sha256Latin1(s), 1 + HASH_SIZE, "latin1");
    }
    return Uint8Array.from(s.subarray(1 + HASH_SIZE));
  }

  private pushLeaf(leafLatin1: string): void {
    const s = this.scratch;
    s[0] = 0x01;
    // The running subtree hash lives in the right-child slot, so each merge is: copy the left neighbour in,
    // hash, write the result back over the right slot.
    s.write(leafLatin1, 1 + HASH_SIZE, "latin1");
    let level = 0;
    while (this.depth > 0 && this.levels[this.depth - 1] === level) {
      this.depth--;
      s.set(this.slab.subarray(this.depth * HASH_SIZE, (this.depth + 1) * HASH_SIZE), 1);
      s.write(sha256Latin1(s), 1 + HASH_SIZE, "latin1");
      level++;
    }
    this.slab.set(s.subarray(1 + HASH_SIZE), this.depth * HASH_SIZE);
    this.levels[this.depth] = level;
    this.depth++;
    this.count++;
  }
}
