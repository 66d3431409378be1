import { VouchError } from "../shared/errors.js";

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
  return write(value, "$", 0);
}

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function reject(path: string, problem: string): never {
  throw new VouchError("VALIDATION_FAILED", `not canonical JSON at ${path}: ${problem}`, { path, problem });
}

/** Whether a string is well-formed UTF-16 (no unpaired surrogate), so it has exactly one UTF-8 encoding. */
export function isWellFormedText(s: string): boolean {
  // With the u flag a paired surrogate is one code point, so the class matches only unpaired halves.
  return !LONE_SURROGATE.test(s);
}

function writeString(s: string, path: string): string {
  if (!isWellFormedText(s)) reject(path, "string has an unpaired surrogate");
  return JSON.stringify(s);
}

function write(value: unknown, path: string, depth: number): string {
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
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) reject(`${path}[${i}]`, "sparse array");
          parts.push(write(value[i], `${path}[${i}]`, depth + 1));
        }
        return `[${parts.join(",")}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) reject(path, "not a plain object");
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const parts: string[] = [];
      for (const key of keys) {
        parts.push(`${writeString(key, path)}:${write(record[key], `${path}.${key}`, depth + 1)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      return reject(path, `${typeof value} is not JSON`);
  }
}
