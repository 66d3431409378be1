import { describe, expect, it } from "vitest";
import { decodeArticleFile } from "./decode-article-file.js";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

const refusal = (file: string, b: Uint8Array): unknown => {
  try {
    decodeArticleFile(file, b);
  } catch (err) {
    return err;
  }
  throw new Error(`${file} was accepted`);
};

describe("decodeArticleFile", () => {
  it("reads UTF-8, any script, and drops a byte order mark", () => {
    expect(decodeArticleFile("a.md", bytes("# Café 🔑\n\n日本語"))).toBe("# Café 🔑\n\n日本語");
    expect(decodeArticleFile("a.md", bytes([0xef, 0xbb, 0xbf], "---\ntitle: x\n---\n"))).toBe(
      "---\ntitle: x\n---\n",
    );
    // A replacement character written in the file is text like any other.
    expect(decodeArticleFile("a.md", bytes("a \uFFFD b"))).toBe("a \uFFFD b");
  });

  it("refuses binary data (a NUL byte) as not a text file, with DATASET_INVALID", () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR");
    expect(refusal("logo.md", png)).toMatchObject({
      code: "DATASET_INVALID",
      message: "logo.md: is not a text file (a NUL byte, U+0000, at byte offset 8)",
    });
    expect(refusal("n.md", bytes("# Title\n\nText", [0], "more"))).toMatchObject({
      message: "n.md: is not a text file (a NUL byte, U+0000, at byte offset 13)",
    });
  });

  it("says so when the file is UTF-16", () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      expect(refusal("w.md", bytes(bom, "x"))).toMatchObject({
        code: "DATASET_INVALID",
        message: "w.md: is UTF-16 text; save it as UTF-8",
      });
    }
  });

  it("refuses bytes that are not UTF-8, naming the byte offset and line of the first", () => {
    const cases: [Uint8Array, number, number][] = [
      [bytes("# Caf", [0xe9], "\n"), 5, 1], // Latin-1
      [bytes("é日🔑\nline two ", [0xc3, 0x28]), 19, 2], // a lead byte without its continuation
      [bytes([0xef, 0xbb, 0xbf], "a", [0xff]), 4, 1], // offsets count the byte order mark
      [bytes("a\uFFFDb\n\n", [0x80]), 7, 3], // after a real U+FFFD, a lone continuation byte
      [bytes("ok ", [0xc0, 0x80]), 3, 1], // an overlong encoding of U+0000
      [bytes("ok ", [0xed, 0xa0, 0x80]), 3, 1], // an encoded surrogate (CESU-8)
      [bytes("truncated ", [0xe6, 0x97]), 10, 1], // a sequence cut off at the end
    ];
    for (const [b, offset, line] of cases) {
      expect(refusal("u.md", b)).toMatchObject({
        code: "DATASET_INVALID",
        message: `u.md: is not valid UTF-8 (byte offset ${offset}, line ${line}); save it as UTF-8`,
      });
    }
  });
});
