import type { Command } from "commander";
import {
  type CheckpointSource,
  openExportFile,
  type Problem,
  type ProofBundleReport,
  problemKind,
  readCheckpointFile,
  readVerifierKeys,
  sniffLedgerFile,
  type VerifierKey,
  type VerifyReport,
  verifyExport,
  verifyProofBundle,
} from "../../ledger/index.js";
import { VouchError } from "../../shared/errors.js";
import { action, printJson, printLine, progress } from "../output.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface VerifyOptions {
  key: string[];
  checkpoint: string[];
  checkEntries?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `vouch audit …`: the auditor's side of the decision ledger. `verify` runs offline, with no database:
 * only the files and the public keys. (`prove` and `export` read the store and are registered with it.)
 */
export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("Decision ledger: independent verification");
  audit
    .command("verify <files...>")
    .description(
      "Verify ledger exports offline: recompute every entry's hash and every checkpoint's root, check every signature, consistency proof and sequence number, and detect forks across all files given. A single proof file from `vouch audit prove` is verified too. Exit 0 verified, 1 tampering found, 2 bad input",
    )
    .option(
      "-k, --key <vkey|file>",
      "trusted public key (name+id+base64) or a file of them, one per line; repeat for retired keys",
      collect,
      [],
    )
    .option(
      "--checkpoint <file>",
      "a signed checkpoint obtained separately, checked against the exports (repeatable)",
      collect,
      [],
    )
    .option(
      "--check-entries",
      "also parse every entry and check it is a canonical v1 entry of the tenant (slower)",
    )
    .option("--json", "print the report as JSON")
    .option("-q, --quiet", "no progress on stderr")
    .action(action(async (files: string[], o: VerifyOptions) => verify(files, o)));
}

async function verify(files: string[], o: VerifyOptions): Promise<void> {
  if (o.key.length === 0) {
    throw new VouchError("LEDGER_KEY_INVALID", "give the log's public key with --key <vkey or file>");
  }
  const keys: VerifierKey[] = [];
  for (const k of o.key) keys.push(...(await readVerifierKeys(k)));
  const checkpoints: CheckpointSource[] = [];
  for (const c of o.checkpoint) checkpoints.push(await readCheckpointFile(c));

  const kinds = await Promise.all(files.map((f) => sniffLedgerFile(f)));
  const bundle = kinds[0];
  if (bundle?.kind === "bundle") {
    if (files.length > 1 || checkpoints.length > 0) {
      throw new VouchError("LEDGER_EXPORT_INVALID", "verify a proof file on its own, without other files");
    }
    const report = verifyProofBundle(bundle.value, keys);
    if (o.json) printJson(report);
    else printLine(describeBundle(files[0]!, report));
    if (report.problem) throw failure(report.problem);
    return;
  }
  if (kinds.some((k) => k.kind === "bundle")) {
    throw new VouchError("LEDGER_EXPORT_INVALID", "verify a proof file on its own, without exports");
  }

  const report = await verifyExport(
    files.map((f) => openExportFile(f)),
    {
      keys,
      checkpoints,
      checkEntries: Boolean(o.checkEntries),
      progressEvery: 100_000,
      onProgress: (p) =>
        progress(
          `  ${p.source}: ${p.entries.toLocaleString("en-US")} / ${p.treeSize.toLocaleString("en-US")} entries`,
          o.quiet,
        ),
    },
  );
  if (o.json) printJson(report);
  else printLine(describeReport(report));
  if (report.problem) throw failure(report.problem);
}

/** Map a verifier problem to the CLI's exit code: 2 for unusable input, 1 for a ledger that does not verify. */
function failure(problem: Problem): VouchError {
  const code = problemKind(problem.code) === "input" ? "LEDGER_EXPORT_INVALID" : "LEDGER_VERIFICATION_FAILED";
  return new VouchError(code, `${problem.code}: ${problem.message}`, problem);
}

function where(p: Problem): string {
  const parts = [
    p.source,
    p.line !== undefined ? `line ${p.line}` : undefined,
    p.seq !== undefined ? `seq ${p.seq}` : undefined,
    p.treeSize !== undefined ? `tree size ${p.treeSize}` : undefined,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function describeReport(r: VerifyReport): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = [
    r.ok
      ? `verified: ${n(r.entries)} entries, ${n(r.checkpointsVerified)} checkpoints, ${n(r.consistencyProofsVerified)} consistency proofs`
      : `NOT VERIFIED: ${r.problem?.code}${r.problem ? where(r.problem) : ""}`,
  ];
  if (r.problem) lines.push(`  ${r.problem.message}`);
  for (const s of r.sources) {
    lines.push(
      `  ${s.name}: ${s.origin ?? "?"} tenant ${s.tenant ?? "?"}, ${n(s.entries)} of ${n(s.treeSize ?? 0)} entries, ${s.checkpoints} checkpoints${s.root ? `, root ${s.root}` : ""}`,
    );
  }
  for (const w of r.warnings) lines.push(`  warning ${w.code}${where(w)}: ${w.message}`);
  return lines.join("\n");
}

function describeBundle(file: string, r: ProofBundleReport): string {
  if (!r.ok) return `NOT VERIFIED: ${r.problem?.code} (${file})\n  ${r.problem?.message}`;
  return r.kind === "inclusion"
    ? `verified: entry ${r.seq} is in ${r.origin} at tree size ${r.treeSize} (signed checkpoint)`
    : `verified: ${r.origin} at tree size ${r.size1} is a prefix of tree size ${r.treeSize} (both signed)`;
}
