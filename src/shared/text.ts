/**
 * Text that both stores hold exactly as sent. PostgreSQL `text` cannot hold U+0000 (SQLite can, so the
 * two would differ), and a UTF-16 surrogate without its pair has no UTF-8 form (both drivers would store
 * U+FFFD instead of what was sent). Every other character, control characters included, is stored as is.
 *
 * This is a leaf module: it imports nothing of the application.
 */

// With the `u` flag a surrogate range matches only unpaired surrogates: a pair is one code point.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point.
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/** Index of the first character no stored text may hold (U+0000, an unpaired surrogate), or -1. */
export function unstorableCharAt(text: string): number {
  return text.search(UNSTORABLE);
}

/** How to name the character at `index` in a message: `U+0000 (NUL)` or `an unpaired surrogate U+D800`. */
export function describeUnstorable(text: string, index: number): string {
  const code = text.charCodeAt(index);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return code === 0 ? "U+0000 (NUL)" : `an unpaired surrogate U+${hex}`;
}

/** Where in a value a string holds an unstorable character, and which one. */
export interface UnstorableText {
  /** Keys and indexes from the root to the string, or to the object whose key holds it. */
  readonly path: readonly (string | number)[];
  /** What is wrong, e.g. `must not contain U+0000 (NUL)`. */
  readonly message: string;
}

interface Frame {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Frame | undefined;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * The first string, value or object key, under `root` (in document order) that holds a character no stored
 * text may hold. Walks with an explicit stack, so a value nested as deep as a body allows cannot exhaust
 * the call stack.
 */
export function findUnstorableText(root: unknown): UnstorableText | undefined {
  const stack: Frame[] = [{ value: root, key: undefined, parent: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const value = frame.value;
    if (typeof value === "string") {
      const i = unstorableCharAt(value);
      if (i >= 0) return { path: pathOf(frame), message: `must not contain ${describeUnstorable(value, i)}` };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: frame });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        const i = unstorableCharAt(key);
        if (i >= 0)
          return { path: pathOf(frame), message: `has a key holding ${describeUnstorable(key, i)}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown];
        stack.push({ value: item, key, parent: frame });
      }
    }
  }
  return undefined;
}
