import { VouchError } from "../../shared/errors.js";

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence a ledger entry hashes to.
 * - objects: members sorted by key, comparing UTF-16 code units (JavaScript's default string order);
 * - no whitespace; arrays keep their order;
 * - numbers: the ECMAScript Number-to-String algorithm (what JSON.stringify prints; −0 prints 0);
 * - strings: JSON.stringify's escaping (\" \\ \b \f \n \r \t, other controls as \u00XX lower-case hex,
 *   everything else literal UTF-8);
 * - the output is UTF-8.
 * Stricter than JSON.stringify, which would silently change the data: NaN, ±Infinity, undefined, bigint,
 * functions, symbols, lone surrogates (not valid I-JSON, and not encodable in UTF-8), class instances
 * (Date, Map, Buffer…), sparse arrays and cycles are rejected with VALIDATION_FAILED.
 *
 * Written here rather than taken from the `canonicalize` package: JCS is forty lines over JSON.stringify,
 * and that package follows JSON.stringify's lenience (drops undefined, calls toJSON), which would let two
 * different inputs hash the same.
 */
export function canonicalizeJson(value: unknown): string {
  // The one fast path: when every object's keys are already in canonical order and every value is plain
  // JSON (well-formed strings, finite numbers, dense arrays, plain objects), JSON.stringify writes exactly
  // the canonical form — it emits members in Object.keys order and writes numbers and strings as JCS
  // does. The entry builders assemble their members in that order. A property test holds the two paths
  // to the same output.
  if (isPlainSorted(value, 0)) return JSON.stringify(value);
  return write(value, [], 0);
}

/** Whether `value` is plain JSON whose objects' keys are already sorted (see canonicalizeJson). */
function isPlainSorted(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      return isWellFormedText(value);
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainSorted(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0 && !(keys[i - 1]! < key)) return false;
        if (!isWellFormedText(key) || !isPlainSorted(record[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const MAX_DEPTH = 32;

type Path = (string | number)[];

function reject(path: Path, problem: string): never {
  // The path is assembled only here, for the one value that failed.
  const where = `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
  throw new VouchError("VALIDATION_FAILED", `not canonical JSON at ${where}: ${problem}`, {
    path: where,
    problem,
  });
}

/** Whether a string is well-formed UTF-16 (no unpaired surrogate), so it has exactly one UTF-8 encoding. */
function isWellFormedText(s: string): boolean {
  // String#isWellFormed is ES2024 (every Node this package supports); the compiler's lib is ES2023.
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function writeString(s: string, path: Path): string {
  if (!isWellFormedText(s)) reject(path, "string has an unpaired surrogate");
  return JSON.stringify(s);
}

function write(value: unknown, path: Path, depth: number): string {
  if (depth > MAX_DEPTH) reject(path, `nested deeper than ${MAX_DEPTH}`);
  switch (typeof value) {
    case "string":
      return writeString(value, path);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) reject(path, `${value} is not a finite number`);
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          if (!(i in value)) reject(path, "sparse array");
          out += (i > 0 ? "," : "") + write(value[i], path, depth + 1);
          path.pop();
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) reject(path, "not a plain object");
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        path.push(key);
        out += `${i > 0 ? "," : ""}${writeString(key, path)}:${write(record[key], path, depth + 1)}`;
        path.pop();
      }
      return `${out}}`;
    }
    default:
      return reject(path, `${typeof value} is not JSON`);
  }
}
