import { VouchError } from "../shared/errors.js";

const strict = new TextDecoder("utf-8", { fatal: true });
// Replaces each ill-formed sequence with U+FFFD and keeps a byte order mark, so offsets can be counted.
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * An article file's bytes as text: UTF-8, with or without a byte order mark (dropped). Anything else is
 * refused with DATASET_INVALID naming the file: UTF-16 text, binary data (a NUL byte: images, archives,
 * office documents) and bytes that are not UTF-8, with where the first one is so it can be found.
 */
export function decodeArticleFile(file: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new VouchError("DATASET_INVALID", `${file}: is UTF-16 text; save it as UTF-8`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new VouchError(
      "DATASET_INVALID",
      `${file}: is not a text file (a NUL byte, U+0000, at byte offset ${nul})`,
    );
  }
  try {
    return strict.decode(bytes);
  } catch {
    const at = firstInvalidSequence(bytes);
    throw new VouchError(
      "DATASET_INVALID",
      `${file}: is not valid UTF-8 (byte offset ${at.offset}, line ${at.line}); save it as UTF-8`,
    );
  }
}

/** Where the first ill-formed UTF-8 sequence of `bytes` starts, as a byte offset and a 1-based line. */
function firstInvalidSequence(bytes: Uint8Array): { offset: number; line: number } {
  const text = lenient.decode(bytes);
  let offset = 0;
  let from = 0;
  for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) {
    // Everything before i decoded as written, so its UTF-8 length is where i's bytes start.
    offset += Buffer.byteLength(text.slice(from, i), "utf8");
    // A U+FFFD written in the file is EF BF BD; anything else at this offset was replaced.
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) {
      return { offset, line: text.slice(0, i).split("\n").length };
    }
    offset += 3;
    from = i + 1;
  }
  return { offset: bytes.length, line: text.split("\n").length };
}
