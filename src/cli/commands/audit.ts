import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { DeploymentLedgerKeys, rotateLedgerKey } from "../../app/ledger-keys.js";
import type { Runtime } from "../../app/open-runtime.js";
import {
  type CheckpointSource,
  exportTenantLedger,
  type InclusionProofBundle,
  listVerifierKeys,
  openExportFile,
  type Problem,
  type ProofBundleReport,
  problemKind,
  proveLedgerConsistency,
  proveLedgerEntry,
  publishCheckpoint,
  readCheckpointFile,
  readVerifierKeys,
  resolveLedgerTarget,
  sniffLedgerFile,
  type VerifierKey,
  type VerifyReport,
  verifyExport,
  verifyProofBundle,
  writeExportFile,
} from "../../ledger/index.js";
import { VouchError } from "../../shared/errors.js";
import { listTenants, resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface VerifyOptions {
  key: string[];
  checkpoint: string[];
  checkEntries?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `vouch audit …`: the decision ledger. `verify` runs offline, with no database: only the files and the
 * public keys. `export`, `prove`, `checkpoint`, `keys` and `rotate-key` open the configured store.
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

  audit
    .command("export")
    .description(
      "Write a tenant's ledger as a verifiable export (JSON Lines, docs/ledger.md): every entry, checkpoint and consistency proof up to a checkpoint published now. Progress on stderr",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .option("--tree-size <n>", "export up to this earlier checkpoint size instead")
    .option("--no-publish", "do not publish a checkpoint first (export up to the latest one)")
    .option("-q, --quiet", "no progress on stderr")
    .action(action(async (o: ExportOptions) => withRuntime((rt) => auditExport(rt, o))));

  audit
    .command("prove <target>")
    .description(
      "Inclusion proof of an entry — by seq, or every entry about an id (conv_…, msg_…, art_…, key_…) — against a signed checkpoint; the proof file verifies offline with `vouch audit verify`",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--tree-size <n>", "prove against this earlier checkpoint size")
    .option("-o, --out <file>", "write the proof (one entry) to this file")
    .option("--no-publish", "do not publish a checkpoint first")
    .option("--json", "print the proof(s) as JSON")
    .action(
      action(async (target: string, o: ProveOptions) => withRuntime((rt) => auditProve(rt, target, o))),
    );

  audit
    .command("consistency")
    .description(
      "Consistency proof that the log at an earlier checkpoint size is a prefix of a later one (default: the latest); the proof file verifies offline with `vouch audit verify`",
    )
    .requiredOption("--from <n>", "the earlier checkpoint's tree size (the newest one you verified)")
    .option("--to <n>", "the later checkpoint's tree size (default: the latest)")
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("-o, --out <file>", "write the proof to this file")
    .option("--no-publish", "do not publish a checkpoint first")
    .option("--json", "print the proof as JSON")
    .action(action(async (o: ConsistencyOptions) => withRuntime((rt) => auditConsistency(rt, o))));

  audit
    .command("checkpoint")
    .description("Sign and publish a checkpoint of a tenant's ledger now (or of every tenant's) and print it")
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--all", "every tenant")
    .option("--json", "print as JSON")
    .action(action(async (o: CheckpointOptions) => withRuntime((rt) => auditCheckpoint(rt, o))));

  audit
    .command("keys")
    .description(
      "Print the public keys that verify this deployment's checkpoints (active first), for auditors",
    )
    .option("--json", "print as JSON")
    .action(
      action(async (o: { json?: boolean }) =>
        withRuntime(async (rt) => {
          const keys = listVerifierKeys(rt.deps);
          if (o.json) printJson(keys);
          else for (const k of keys) printLine(`${k.vkey}${k.active ? "" : "  # retired"}`);
        }),
      ),
    );

  audit
    .command("rotate-key")
    .description(
      "Replace the checkpoint signing key: record the rotation in every tenant's ledger with a checkpoint signed by the old and the new key, then switch to the new key. Old checkpoints keep verifying with the old public key",
    )
    .option(
      "--new-key-file <pem>",
      "the new Ed25519 key (PKCS8 PEM); required when the key comes from the environment",
    )
    .option("--json", "print as JSON")
    .action(
      action(async (o: { newKeyFile?: string; json?: boolean }) => withRuntime((rt) => auditRotate(rt, o))),
    );
}

function parseSize(value: string | undefined, flag = "--tree-size"): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(?:0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new VouchError("VALIDATION_FAILED", `${flag} must be a non-negative integer, got ${value}`);
  }
  return Number(value);
}

interface ExportOptions {
  tenant?: string;
  out?: string;
  treeSize?: string;
  publish: boolean;
  quiet?: boolean;
}

async function auditExport(rt: Runtime, o: ExportOptions): Promise<void> {
  const treeSize = parseSize(o.treeSize);
  const tenant = await resolveTenant(rt.deps, o.tenant);
  if (o.publish && treeSize === undefined) await publishCheckpoint(rt.deps, tenant.id);
  const exp = await exportTenantLedger(rt.deps, tenant.id, { treeSize });
  const quiet = o.quiet;
  progress(
    `exporting ${tenant.slug} (${exp.origin}): ${exp.treeSize} entries, ${exp.checkpoints} checkpoints`,
    quiet,
  );
  let entries = 0;
  async function* counted(): AsyncGenerator<string> {
    for await (const line of exp.lines) {
      if (line.startsWith('{"kind":"entry"') && ++entries % 100_000 === 0) {
        progress(
          `  ${entries.toLocaleString("en-US")} / ${exp.treeSize.toLocaleString("en-US")} entries`,
          quiet,
        );
      }
      yield line;
    }
  }
  if (o.out) await writeExportFile(o.out, counted());
  else {
    for await (const line of counted()) {
      if (!process.stdout.write(line)) await once(process.stdout, "drain");
    }
  }
  const keys = rt.deps.ledgerKeys ? listVerifierKeys(rt.deps).map((k) => k.vkey) : [];
  progress(
    `exported ${entries} entries${o.out ? ` to ${o.out}` : ""}; verify with: vouch audit verify ${o.out ?? "<file>"} ${keys.map((k) => `--key '${k}'`).join(" ")}`,
    o.quiet,
  );
}

interface ProveOptions {
  tenant?: string;
  treeSize?: string;
  out?: string;
  publish: boolean;
  json?: boolean;
}

async function auditProve(rt: Runtime, target: string, o: ProveOptions): Promise<void> {
  const treeSize = parseSize(o.treeSize);
  const tenant = await resolveTenant(rt.deps, o.tenant);
  const seqs = await resolveLedgerTarget(rt.deps, tenant.id, target);
  if (o.out && seqs.length !== 1) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `${target} names ${seqs.length} entries (${seqs.join(", ")}); --out writes one proof: pass a seq`,
    );
  }
  if (o.publish && treeSize === undefined) await publishCheckpoint(rt.deps, tenant.id);
  const bundles: InclusionProofBundle[] = [];
  for (const seq of seqs) bundles.push(await proveLedgerEntry(rt.deps, tenant.id, seq, treeSize));
  if (o.out && bundles[0]) await writeProofFile(o.out, bundles[0], `the proof of entry ${seqs[0]}`);
  if (o.json) printJson(bundles.length === 1 ? bundles[0] : bundles);
  else if (!o.out) {
    for (const b of bundles) {
      const entry = JSON.parse(b.entry) as { type: string; time: string; data: { action?: string } };
      printLine(
        `entry ${b.seq}: ${entry.type}${entry.data.action ? ` ${entry.data.action}` : ""} at ${entry.time}, in ${b.origin} at tree size ${b.treeSize} (${b.proof.length} hashes): ${checkWithOwnKeys(rt, b)}`,
      );
    }
  }
}

async function writeProofFile(file: string, bundle: object, what: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(bundle, null, 2)}\n`);
  progress(`wrote ${what} to ${file}; verify with: vouch audit verify ${file} --key <vkey>`);
}

/** A proof bundle checked against this deployment's own keys, as a word for the listing. */
function checkWithOwnKeys(rt: Runtime, bundle: object): string {
  const trusted = rt.deps.ledgerKeys?.ring().verifiers ?? [];
  if (trusted.length === 0) return "unchecked";
  const check = verifyProofBundle(bundle, trusted);
  return check.ok ? "verified" : `NOT VERIFIED ${check.problem?.code}`;
}

interface ConsistencyOptions {
  from: string;
  to?: string;
  tenant?: string;
  out?: string;
  publish: boolean;
  json?: boolean;
}

async function auditConsistency(rt: Runtime, o: ConsistencyOptions): Promise<void> {
  const from = parseSize(o.from, "--from") ?? 0;
  const to = parseSize(o.to, "--to");
  const tenant = await resolveTenant(rt.deps, o.tenant);
  if (o.publish && to === undefined) await publishCheckpoint(rt.deps, tenant.id);
  const bundle = await proveLedgerConsistency(rt.deps, tenant.id, from, to);
  if (o.out) await writeProofFile(o.out, bundle, "the proof");
  if (o.json) printJson(bundle);
  else if (!o.out) {
    printLine(
      `${bundle.origin}: tree size ${bundle.size1} is a prefix of tree size ${bundle.size2} (${bundle.proof.length} hashes): ${checkWithOwnKeys(rt, bundle)}`,
    );
  }
}

interface CheckpointOptions {
  tenant?: string;
  all?: boolean;
  json?: boolean;
}

async function auditCheckpoint(rt: Runtime, o: CheckpointOptions): Promise<void> {
  const tenants = o.all ? await listTenants(rt.deps) : [await resolveTenant(rt.deps, o.tenant)];
  const results = [];
  for (const t of tenants) results.push({ tenant: t.slug, ...(await publishCheckpoint(rt.deps, t.id)) });
  if (o.json) printJson(o.all ? results : results[0]);
  else if (!o.all && results[0]) process.stdout.write(results[0].checkpoint.note);
  else
    printLine(
      formatTable(
        ["tenant", "tree size", "root", "new"],
        results.map((r) => [r.tenant, r.checkpoint.treeSize, r.checkpoint.root, r.published ? "yes" : "no"]),
      ),
    );
}

async function auditRotate(rt: Runtime, o: { newKeyFile?: string; json?: boolean }): Promise<void> {
  const keys = rt.deps.ledgerKeys;
  if (!(keys instanceof DeploymentLedgerKeys)) {
    throw new VouchError("LEDGER_KEY_UNAVAILABLE", "this process has no checkpoint signing key to rotate");
  }
  let pem: string | undefined;
  if (o.newKeyFile) {
    try {
      pem = await readFile(o.newKeyFile, "utf8");
    } catch (e) {
      throw new VouchError("FILE_UNREADABLE", `cannot read ${o.newKeyFile}: ${(e as Error).message}`);
    }
  }
  const r = await rotateLedgerKey(rt.deps, keys, { newKeyPem: pem });
  const failed = r.tenants.filter((t) => !t.ok);
  if (o.json) printJson(r);
  else {
    printLine(`previous key: ${r.previousKey}\nnew key:      ${r.newKey}`);
    for (const t of r.tenants) {
      printLine(
        t.ok
          ? `  ${t.tenantId}: key.rotate at seq ${t.seq}, checkpoint ${t.treeSize} signed by both keys${t.recorded ? "" : " (already recorded)"}`
          : `  ${t.tenantId}: FAILED ${t.error}`,
      );
    }
    if (failed.length === 0 && r.activated)
      printLine("the new key is active; give auditors the new public key too");
    if (failed.length === 0 && !r.activated) {
      printLine(
        `now set VOUCH_LEDGER_KEY_FILE (or VOUCH_LEDGER_KEY) to the new key, add the previous public key to VOUCH_LEDGER_RETIRED_KEYS, and restart every process`,
      );
    }
  }
  if (failed.length > 0) {
    throw new VouchError(
      "INVALID_STATE",
      `the rotation was not recorded for ${failed.length} tenant(s); the old key stays active — run rotate-key again`,
    );
  }
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
