/** Marker standing for a line whose bytes are not valid UTF-8 (a lone NUL can never be a JSON line). */
export const INVALID_UTF8_LINE = "\u0000";

/** Longest line accepted; longer means a corrupt or hostile file, not an export. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A line longer than MAX_LINE_BYTES. */
export class LineTooLongError extends Error {}

/** An error thrown by the underlying chunk source (an I/O failure, not a format problem). */
export class SourceReadError extends Error {}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Lines of a text stream, in batches (one per chunk) so the caller can loop synchronously over most lines:
 * a promise per line would cost more than hashing the line. Accepts bytes (decoded as strict UTF-8) or
 * strings. `lineNo` is the number of lines consumed so far; the caller advances `pos` and `lineNo` together.
 */
export class LineReader {
  buffer: string[] = [];
  pos = 0;
  lineNo = 0;
  private readonly iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  private tail: Buffer = Buffer.alloc(0);
  private textTail = "";
  private done = false;

  constructor(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>) {
    this.iterator =
      Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  }

  /** Ensure there is an unread line in `buffer`; false at the end of the stream. */
  async fill(): Promise<boolean> {
    while (this.pos >= this.buffer.length) {
      if (this.done) return false;
      let next: IteratorResult<Uint8Array | string>;
      try {
        next = await this.iterator.next();
      } catch (e) {
        throw new SourceReadError(e instanceof Error ? e.message : String(e));
      }
      this.buffer = next.done ? this.finish() : this.split(next.value);
      this.pos = 0;
      if (next.done) this.done = true;
    }
    return true;
  }

  /** Take one line (or undefined at the end). For the few lines read one at a time. */
  async nextLine(): Promise<string | undefined> {
    if (!(await this.fill())) return undefined;
    this.lineNo++;
    return this.buffer[this.pos++];
  }

  /** Stop reading and release the source (closes a file stream early). */
  async close(): Promise<void> {
    this.done = true;
    await this.iterator.return?.();
  }

  private split(chunk: Uint8Array | string): string[] {
    if (typeof chunk === "string") {
      const parts = (this.textTail + chunk).split("\n");
      this.textTail = parts.pop() ?? "";
      if (this.textTail.length > MAX_LINE_BYTES) throw new LineTooLongError("line too long");
      return parts;
    }
    const buf =
      this.tail.length > 0
        ? Buffer.concat([this.tail, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: string[] = [];
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      lines.push(decode(buf, start, nl));
      start = nl + 1;
    }
    // Copy the tail: it must not pin the whole chunk, which the source may reuse.
    this.tail = Buffer.from(buf.subarray(start));
    if (this.tail.length > MAX_LINE_BYTES) throw new LineTooLongError("line too long");
    return lines;
  }

  private finish(): string[] {
    const last = this.tail.length > 0 ? decode(this.tail, 0, this.tail.length) : this.textTail;
    this.tail = Buffer.alloc(0);
    this.textTail = "";
    return last.length > 0 ? [last] : [];
  }
}

function decode(buf: Buffer, start: number, end: number): string {
  const text = buf.toString("utf8", start, end);
  // Node replaces invalid sequences with U+FFFD silently; only then pay for a strict decode to tell a real
  // U+FFFD from a replaced byte, so a tampered byte can never masquerade as the character it replaced.
  if (text.includes("\uFFFD")) {
    try {
      fatalDecoder.decode(buf.subarray(start, end));
    } catch {
      return INVALID_UTF8_LINE;
    }
  }
  return text;
}
