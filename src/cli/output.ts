import { ERROR_CATALOGUE, type ErrorCode, isVouchError } from "../shared/errors.js";

/**
 * Output conventions for every `vouch` command: data on stdout (text or `--json`), progress and
 * diagnostics on stderr, errors as `error CODE: message` with the catalogue's exit code.
 */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Progress for long work, on stderr so `--json` output stays clean. Silent when `quiet`. */
export function progress(message: string, quiet = false): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

/**
 * An error line on stderr, `error CODE: message`: a command's failure, or one item's in a batch that
 * goes on with the others (a file `vouch kb import` refuses).
 */
export function printError(code: ErrorCode, message: string): void {
  process.stderr.write(`error ${code}: ${message}\n`);
}

/** Fixed-width table with a header row; numbers right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const isNum = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (isNum[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    line(cells[0] ?? []),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.slice(1).map(line),
  ].join("\n");
}

/**
 * Wraps a command action: maps a VouchError to `error CODE: message` and its exit code, anything else to
 * INTERNAL with the stack when VOUCH_DEBUG is set.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (isVouchError(err)) {
        printError(err.code, err.message);
        process.exitCode = err.exitCode;
        return;
      }
      const e = err instanceof Error ? err : new Error(String(err));
      printError("INTERNAL", e.message);
      if (process.env.VOUCH_DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
      process.exitCode = ERROR_CATALOGUE.INTERNAL.exit;
    }
  };
}
