/** Marker standing for a line whose bytes are not valid UTF-8 (a lone NUL can never be a JSON line). */
export const INVALID_UTF8_LINE = "\u0000";

/** Longest line accepted; longer means a corrupt or hostile file, not an export. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A line longer than MAX_LINE_BYTES. */
export class LineTooLongError extends Error {}

/** An error thrown by the underlying chunk source (an I/O failure, not a format problem). */
export class SourceReadError extends Error {}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Lines of a byte stream as ranges into a buffer the reader owns, in batches (one per chunk): the verifier
 * hashes entry bytes straight from the buffer, without decoding them to a string and back, and loops over a
 * batch synchronously (a promise per line would cost more than hashing the line). The buffer is a private
 * copy, so the caller may overwrite a byte next to a line while it works (and must restore it).
 */
export class LineReader {
  /** The current batch: its bytes, and the start and end (exclusive, before `\n`) of each line. */
  buf: Buffer = Buffer.alloc(0);
  starts: number[] = [];
  ends: number[] = [];
  /** Next unread line of the batch. */
  pos = 0;
  /** Lines consumed so far (the 1-based number of the last one). */
  lineNo = 0;
  private readonly iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  private tail: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>) {
    this.iterator =
      Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  }

  /** Ensure there is an unread line in the batch; false at the end of the stream. */
  async fill(): Promise<boolean> {
    while (this.pos >= this.starts.length) {
      if (this.done) return false;
      let next: IteratorResult<Uint8Array | string>;
      try {
        next = await this.iterator.next();
      } catch (e) {
        throw new SourceReadError(e instanceof Error ? e.message : String(e));
      }
      if (next.done) {
        this.done = true;
        this.finish();
      } else {
        this.split(typeof next.value === "string" ? Buffer.from(next.value, "utf8") : next.value);
      }
    }
    return true;
  }

  /** Take one line as text (or undefined at the end). For the few lines read one at a time. */
  async nextLine(): Promise<string | undefined> {
    if (!(await this.fill())) return undefined;
    const text = this.text(this.pos);
    this.pos++;
    this.lineNo++;
    return text;
  }

  /** Line `i` of the batch as strict UTF-8 text, or INVALID_UTF8_LINE. */
  text(i: number): string {
    return decodeStrict(this.buf, this.starts[i]!, this.ends[i]!);
  }

  /** Stop reading and release the source (closes a file stream early). */
  async close(): Promise<void> {
    this.done = true;
    await this.iterator.return?.();
  }

  private split(chunk: Uint8Array): void {
    // Buffer.concat copies, even with an empty tail: the batch never aliases the caller's chunk.
    const buf = Buffer.concat([this.tail, chunk]);
    this.starts.length = 0;
    this.ends.length = 0;
    this.pos = 0;
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      this.starts.push(start);
      this.ends.push(nl);
      start = nl + 1;
    }
    this.tail = buf.subarray(start);
    if (this.tail.length > MAX_LINE_BYTES) throw new LineTooLongError("line too long");
    this.buf = buf;
  }

  private finish(): void {
    this.buf = this.tail;
    this.starts.length = 0;
    this.ends.length = 0;
    this.pos = 0;
    if (this.tail.length > 0) {
      this.starts.push(0);
      this.ends.push(this.tail.length);
    }
    this.tail = Buffer.alloc(0);
  }
}

/** Strict UTF-8 decoding: Node would silently turn invalid bytes into U+FFFD; a tampered byte must not pass. */
export function decodeStrict(buf: Uint8Array, start: number, end: number): string {
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8", start, end);
  if (text.includes("\uFFFD")) {
    try {
      fatalDecoder.decode(buf.subarray(start, end));
    } catch {
      return INVALID_UTF8_LINE;
    }
  }
  return text;
}
