import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { open, readFile, rename, rm } from "node:fs/promises";
import { VouchError } from "../../shared/errors.js";
import { parseVerifierKey, type VerifierKey } from "../checkpoints/manage-signing-keys.js";
import type { CheckpointSource, ExportSource } from "./verify-export.js";

/**
 * The ledger's file I/O, kept apart from the pure core: reading exports, keys and checkpoints and writing
 * exports, for the CLI. Paths are always parameters; the application decides
 * where its data directory is.
 */

/** An export file as a verifier source, streamed in 1 MiB chunks. Read errors surface as SOURCE_UNREADABLE. */
export function openExportFile(path: string): ExportSource {
  return { name: path, chunks: createReadStream(path, { highWaterMark: 1 << 20 }) };
}

/**
 * Write export lines to a file: to a temporary name first, renamed when complete, so a crash never leaves
 * a file that looks like a finished export. Honours back-pressure, so memory stays flat.
 */
export async function writeExportFile(path: string, lines: AsyncIterable<string>): Promise<void> {
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  try {
    let batch = "";
    for await (const line of lines) {
      batch += line;
      if (batch.length >= 1 << 20) {
        if (!out.write(batch)) await once(out, "drain");
        batch = "";
      }
    }
    out.end(batch);
    await once(out, "finish");
    await rename(tmp, path);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Trusted keys from a command-line argument: a vkey string itself, or the path of a file holding one vkey
 * per line (blank lines and `#` comments ignored), so a file can list current and retired keys.
 */
export async function readVerifierKeys(arg: string): Promise<VerifierKey[]> {
  if (!existsSync(arg) && arg.includes("+")) return [parseVerifierKey(arg)];
  let text: string;
  try {
    text = await readFile(arg, "utf8");
  } catch {
    throw new VouchError(
      "LEDGER_KEY_INVALID",
      `${arg} is neither a public key (name+id+key) nor a readable file`,
    );
  }
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
  if (lines.length === 0) throw new VouchError("LEDGER_KEY_INVALID", `${arg} holds no public key`);
  return lines.map(parseVerifierKey);
}

/** A signed checkpoint file (one signed note, as the API serves it). */
export async function readCheckpointFile(path: string): Promise<CheckpointSource> {
  try {
    return { name: path, note: await readFile(path, "utf8") };
  } catch (e) {
    throw new VouchError("LEDGER_EXPORT_INVALID", `cannot read checkpoint ${path}: ${(e as Error).message}`);
  }
}

/**
 * What a file given to `vouch audit verify` is: a JSON proof bundle (parsed), or an export (anything else,
 * streamed). Reads at most the first 64 KiB to decide, never a whole export.
 */
export async function sniffLedgerFile(
  path: string,
): Promise<{ kind: "export" } | { kind: "bundle"; value: unknown }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (e) {
    throw new VouchError("LEDGER_EXPORT_INVALID", `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead).toString("utf8").trimStart();
    // An export's first line is its header; a bundle is one (usually pretty-printed) JSON document.
    if (start.startsWith('{"kind":"header"') || !start.startsWith("{")) return { kind: "export" };
    const { size } = await handle.stat();
    if (size > 16 * 1024 * 1024) return { kind: "export" };
    try {
      return { kind: "bundle", value: JSON.parse(await readFile(path, "utf8")) };
    } catch {
      return { kind: "export" };
    }
  } finally {
    await handle.close();
  }
}
