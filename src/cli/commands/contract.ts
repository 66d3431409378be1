import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { type Command, Option } from "commander";
import {
  type ActivationView,
  activateContract,
  type ContractDetailView,
  type ContractSource,
  type ContractSummaryView,
  contractJsonSchemaText,
  contractParameters,
  diffContracts,
  diffStoredContracts,
  explainRule,
  findLintRule,
  formatDiffText,
  formatFindingsText,
  getActiveContract,
  getContract,
  LINT_RULES,
  lintContract,
  lintReport,
  listContracts,
  MAX_CONTRACT_LENGTH,
  type Problem,
  parseContract,
  problemFindings,
  renderLintRulesDoc,
  type SupportContract,
  storeContract,
  toSarif,
  unsupportedTerms,
} from "../../contract/index.js";
import { isVouchError, notFound, VouchError } from "../../shared/errors.js";
import { isId } from "../../shared/ids.js";
import { resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

/**
 * `vouch contract ...`: validate, lint, diff and explain contract files, and publish the JSON Schema (offline,
 * on files); upload, activate, list and show the tenant's stored contracts (on the configured store). Thin:
 * read the file, call the contract capability, print.
 */
export function registerContract(program: Command): void {
  const contract = program
    .command("contract")
    .description(
      "Check a support-contract file: validate, lint against the procurement checklist, diff, explain",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ vouch contract validate contract.yaml
  $ vouch contract lint contract.yaml --format sarif > contract.sarif
  $ vouch contract diff signed.yaml proposed.yaml
  $ vouch contract explain VCH302
  $ vouch contract schema --out schemas/contract.schema.json

On the store (the tenant's contract history):
  $ vouch contract upload contract.yaml --activate --effective 2026-02-01
  $ vouch contract list
  $ vouch contract show active
  $ vouch contract active
  $ vouch contract diff ctr_01... ctr_02...

The file format is documented in docs/contract.md, the rules in docs/lint-rules.md.`,
    );

  contract
    .command("lint")
    .description(
      "Lint a contract against the procurement checklist; exits 1 when any finding is an error (an invalid file is reported as VCH000 errors)",
    )
    .argument("<file>", "contract YAML file, or - for standard input")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"),
    )
    .option(
      "--help-base-uri <uri>",
      "SARIF: base of the rule documentation links (e.g. the repository URL of docs/lint-rules.md)",
    )
    .action(
      action((file: string, opts: { format: "text" | "json" | "sarif"; helpBaseUri?: string }) => {
        const parsed = parseContract(readContractFile(file));
        const findings = parsed.ok
          ? lintContract(parsed.contract, parsed.source)
          : problemFindings(parsed.problems);
        // Not a procurement finding, and no reason to fail the lint: what activation here would refuse.
        const unsupported = parsed.ok ? unsupportedTerms(contractParameters(parsed.contract)) : [];
        if (opts.format === "json") printJson({ ...lintReport(file, parsed.ok, findings), unsupported });
        else if (opts.format === "sarif") {
          printJson(
            toSarif(findings, {
              file,
              ...(toolVersion() ? { toolVersion: toolVersion() } : {}),
              ...(opts.helpBaseUri ? { helpBaseUri: opts.helpBaseUri } : {}),
            }),
          );
        } else {
          printLine(formatFindingsText(findings, file));
          if (unsupported.length > 0) {
            printLine(
              `\nThis version of Vouch cannot honour ${unsupported.length} term(s); activating the contract is refused until they change:`,
            );
            for (const u of unsupported) printLine(`  ${u.term}: ${u.value}: ${u.message}`);
          }
        }
        if (findings.some((f) => f.severity === "error")) process.exitCode = 1;
      }),
    );

  contract
    .command("validate")
    .description(
      "Check that a contract file is valid (YAML, schema, semantic rules); lists every problem with its line",
    )
    .argument("<file>", "contract YAML file, or - for standard input")
    .option("--json", "print the result as JSON")
    .action(
      action((file: string, opts: { json?: boolean }) => {
        const parsed = parseContract(readContractFile(file));
        if (opts.json) printJson({ file, valid: parsed.ok, problems: parsed.ok ? [] : parsed.problems });
        if (parsed.ok) {
          if (!opts.json) printLine(`${file}: valid SupportContract "${parsed.contract.metadata.name}"`);
          return;
        }
        if (!opts.json) {
          for (const p of parsed.problems) printLine(`${file}:${p.line}:${p.column} ${p.code} ${p.message}`);
        }
        throw new VouchError("CONTRACT_INVALID", `${file} has ${parsed.problems.length} problem(s)`, {
          problems: parsed.problems,
        });
      }),
    );

  contract
    .command("diff")
    .description(
      "Show the semantic changes between two versions (a redline, better or worse for the buyer) and the findings each adds or resolves",
    )
    .argument("<old>", "the earlier contract file, or a stored version's id (ctr_…)")
    .argument("<new>", "the proposed contract file, or a stored version's id (ctr_…)")
    .option("--json", "print the diff as JSON")
    .option("-t, --tenant <id|slug>", "tenant, for stored versions (default: the only one)")
    .action(
      action(async (oldFile: string, newFile: string, opts: { json?: boolean; tenant?: string }) => {
        if (isId("contract", oldFile) && isId("contract", newFile)) {
          await withRuntime(async (rt) => {
            const tenant = await resolveTenant(rt.deps, opts.tenant);
            const diff = await diffStoredContracts(rt.deps, tenant.id, oldFile, newFile);
            if (opts.json) printJson(diff);
            else
              printLine(
                formatDiffText(
                  diff,
                  `v${diff.old.version} (${oldFile})`,
                  `v${diff.new.version} (${newFile})`,
                ),
              );
          });
          return;
        }
        const before = loadValid(oldFile);
        const after = loadValid(newFile);
        const diff = diffContracts(before.contract, after.contract, {
          oldSource: before.source,
          newSource: after.source,
        });
        if (opts.json) printJson({ old: oldFile, new: newFile, ...diff });
        else printLine(formatDiffText(diff, oldFile, newFile));
      }),
    );

  contract
    .command("explain")
    .description("Explain a lint rule: why it matters, what to ask the vendor for, the framework section")
    .argument("<id>", "rule id (VCH302) or name (no-notice-window)")
    .action(
      action((id: string) => {
        const rule = findLintRule(id);
        if (!rule) throw notFound("lint rule", `${id} (vouch contract rules lists them)`);
        printLine(explainRule(rule));
      }),
    );

  contract
    .command("rules")
    .description("List every lint rule")
    .option("--json", "print the rules as JSON")
    .option("--markdown", "print docs/lint-rules.md")
    .action(
      action((opts: { json?: boolean; markdown?: boolean }) => {
        if (opts.markdown) process.stdout.write(renderLintRulesDoc());
        else if (opts.json) {
          printJson(LINT_RULES.map(({ check: _check, ...rule }) => rule));
        } else
          printLine(
            formatTable(
              ["id", "name", "severity", "risk"],
              LINT_RULES.map((r) => [r.id, r.name, r.severity, r.title]),
            ),
          );
      }),
    );

  registerStoreCommands(contract);

  contract
    .command("schema")
    .description("Print the contract JSON Schema (draft 2020-12) generated from the TypeBox definition")
    .option("--out <file>", "write it to a file instead (e.g. schemas/contract.schema.json)")
    .action(
      action((opts: { out?: string }) => {
        const text = contractJsonSchemaText();
        if (!opts.out) {
          process.stdout.write(text);
          return;
        }
        try {
          mkdirSync(dirname(opts.out), { recursive: true });
          writeFileSync(opts.out, text);
        } catch (err) {
          throw new VouchError("FILE_UNREADABLE", `cannot write ${opts.out}: ${reason(err)}`);
        }
        progress(`wrote ${opts.out}`);
      }),
    );
}

/**
 * Reads a contract file as UTF-8 text. Every failure (missing, a directory, not readable, too large, not
 * UTF-8) is FILE_UNREADABLE naming the file; content problems are left to parseContract.
 */
export function readContractFile(file: string): string {
  // A contract is a few kilobytes; reading far beyond the parser's limit only wastes memory.
  const maxBytes = MAX_CONTRACT_LENGTH * 4;
  let bytes: Buffer;
  try {
    if (file !== "-") {
      const stat = statSync(file);
      if (stat.isDirectory())
        throw new VouchError("FILE_UNREADABLE", `cannot read ${file}: it is a directory`);
      if (stat.size > maxBytes) {
        throw new VouchError(
          "FILE_UNREADABLE",
          `cannot read ${file}: ${stat.size} bytes is more than a contract can be`,
        );
      }
    }
    bytes = readFileSync(file === "-" ? 0 : file);
  } catch (err) {
    if (err instanceof VouchError) throw err;
    throw new VouchError("FILE_UNREADABLE", `cannot read ${file}: ${reason(err)}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VouchError("FILE_UNREADABLE", `cannot read ${file}: it is not UTF-8 text`);
  }
}

function loadValid(file: string): { contract: SupportContract; source: ContractSource } {
  const parsed = parseContract(readContractFile(file));
  if (parsed.ok) return parsed;
  const first = parsed.problems
    .slice(0, 3)
    .map((p) => `${file}:${p.line}:${p.column} ${p.code} ${p.message}`)
    .join("; ");
  throw new VouchError(
    "CONTRACT_INVALID",
    `${file} is not a valid contract (${parsed.problems.length} problem(s): ${first}); run \`vouch contract validate ${file}\``,
    { problems: parsed.problems },
  );
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return err instanceof Error ? err.message : String(err);
}

let cachedVersion: string | null | undefined;

/** The package version for SARIF's tool.driver.version; absent when package.json cannot be read. */
function toolVersion(): string | undefined {
  if (cachedVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
        version?: unknown;
      };
      cachedVersion = typeof pkg.version === "string" ? pkg.version : null;
    } catch {
      cachedVersion = null;
    }
  }
  return cachedVersion ?? undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The tenant's stored contracts

const TENANT_FLAGS = "-t, --tenant <id|slug>";
const TENANT_HELP = "tenant (default: the only one)";

function registerStoreCommands(contract: Command): void {
  contract
    .command("upload")
    .description(
      "Store a contract file as the tenant's next version (only a valid one is stored; the same file twice is one version), optionally activating it",
    )
    .argument("<file>", "contract YAML file, or - for standard input")
    .option("--activate", "activate it too (from --effective, default now)")
    .option(
      "--effective <date>",
      "with --activate: when it binds, YYYY-MM-DD (UTC midnight) or an ISO date-time",
    )
    .option(TENANT_FLAGS, TENANT_HELP)
    .option("--json", "print the stored version (and activation) as JSON")
    .action(
      action(
        async (
          file: string,
          o: { activate?: boolean; effective?: string; tenant?: string; json?: boolean },
        ) => {
          if (o.effective !== undefined && !o.activate) {
            throw new VouchError("VALIDATION_FAILED", "--effective needs --activate");
          }
          const effectiveFrom = o.effective === undefined ? undefined : parseEffective(o.effective);
          const document = readContractFile(file);
          await withRuntime(async (rt) => {
            const tenant = await resolveTenant(rt.deps, o.tenant);
            const stored = await withProblemsPrinted(file, o.json, () =>
              storeContract(rt.deps, tenant.id, document, cliActor()),
            );
            const activated = o.activate
              ? await activateContract(rt.deps, tenant.id, {
                  contractId: stored.detail.contract.id,
                  effectiveFrom,
                  actor: cliActor(),
                })
              : undefined;
            if (o.json) {
              printJson({
                tenant: tenant.id,
                created: stored.created,
                ...(activated ? { activation: activated.activation, ...activated.detail } : stored.detail),
              });
              return;
            }
            const c = (activated?.detail ?? stored.detail).contract;
            printLine(
              `${stored.created ? "stored" : "already stored:"} ${describe(c)}; lint ${lintLine(c.lint)}`,
            );
            if (activated) printLine(activationLine(activated.activation));
            else printLine(`activate it with: vouch contract activate ${c.id}`);
          });
        },
      ),
    );

  contract
    .command("activate")
    .description(
      "Make a stored version the tenant's contract from an effective date (default now); recorded, and binds without a restart",
    )
    .argument("<id>", "the stored version's id (ctr_…)")
    .option("--effective <date>", "when it binds: YYYY-MM-DD (UTC midnight) or an ISO date-time; default now")
    .option(TENANT_FLAGS, TENANT_HELP)
    .option("--json", "print the activation as JSON")
    .action(
      action(async (id: string, o: { effective?: string; tenant?: string; json?: boolean }) => {
        const effectiveFrom = o.effective === undefined ? undefined : parseEffective(o.effective);
        await withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          const r = await activateContract(rt.deps, tenant.id, {
            contractId: id,
            effectiveFrom,
            actor: cliActor(),
          });
          if (o.json) printJson({ tenant: tenant.id, activation: r.activation, ...r.detail });
          else printLine(`${describe(r.detail.contract)}\n${activationLine(r.activation)}`);
        });
      }),
    );

  contract
    .command("list")
    .description("The tenant's contract history: every stored version with its status, and every activation")
    .option(TENANT_FLAGS, TENANT_HELP)
    .option("--json", "print as JSON")
    .action(
      action(async (o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          const history = await listContracts(rt.deps, tenant.id);
          if (o.json) {
            printJson({ tenant: tenant.id, ...history });
            return;
          }
          if (history.items.length === 0) {
            printLine("no contracts stored; upload one with: vouch contract upload <file>");
            return;
          }
          printLine(
            formatTable(
              ["version", "id", "status", "name", "lint e/w/i", "uploaded", "effective from"],
              history.items.map((c) => [
                c.version,
                c.id,
                c.status,
                c.name,
                `${c.lint.error}/${c.lint.warning}/${c.lint.info}`,
                c.uploadedAt,
                c.effectiveFrom ?? "",
              ]),
            ),
          );
          if (history.activations.length > 0) {
            printLine();
            printLine(
              formatTable(
                ["activation", "version", "state", "effective from", "until", "by", "at"],
                history.activations.map((a) => [
                  a.seq,
                  a.version,
                  a.state,
                  a.effectiveFrom,
                  a.activeUntil ?? "",
                  a.activatedBy,
                  a.activatedAt,
                ]),
              ),
            );
          }
        }),
      ),
    );

  contract
    .command("show")
    .description("A stored version: status, activations and lint findings (and the document with --document)")
    .argument("<id>", "the version's id (ctr_…), or `active` for the contract in force now")
    .option("--document", "print the document as uploaded after the summary")
    .option(TENANT_FLAGS, TENANT_HELP)
    .option("--json", "print as JSON (with the document)")
    .action(
      action(async (id: string, o: { document?: boolean; tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          const detail =
            id === "active"
              ? await getActiveContract(rt.deps, tenant.id)
              : await getContract(rt.deps, tenant.id, id);
          if (o.json) {
            printJson({ tenant: tenant.id, ...detail });
            return;
          }
          printDetail(detail);
          if (o.document) {
            printLine();
            process.stdout.write(detail.document.endsWith("\n") ? detail.document : `${detail.document}\n`);
          }
        }),
      ),
    );

  contract
    .command("active")
    .description(
      "The contract in force (now, or --at a time) and the runtime parameters the running system reads from it",
    )
    .option("--at <date>", "YYYY-MM-DD (UTC midnight) or an ISO date-time; default now")
    .option(TENANT_FLAGS, TENANT_HELP)
    .option("--json", "print as JSON")
    .action(
      action(async (o: { at?: string; tenant?: string; json?: boolean }) => {
        const at = o.at === undefined ? undefined : parseEffective(o.at, "--at");
        await withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          const active = await getActiveContract(rt.deps, tenant.id, at);
          if (o.json) {
            printJson({ tenant: tenant.id, ...active });
            return;
          }
          printLine(`in force at ${active.at}: ${describe(active.contract)}`);
          printLine(activationLine(active.activation));
          printLine();
          if (active.notBinding !== null) printLine(`NOT BINDING: ${active.notBinding}`);
          for (const u of active.unsupported) printLine(`NOT HONOURED: ${u.term} ${u.value}: ${u.message}`);
          if (active.parameters === null) return;
          printLine(formatTable(["runtime parameter", "value"], flatten(active.parameters)));
        });
      }),
    );
}

/** Who a CLI change is recorded as: the operating-system user running it. */
function cliActor(): string {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER;
  }
  return `vouch CLI (${user || "unknown user"})`;
}

/**
 * `2026-02-01` (UTC midnight) or an ISO 8601 date-time with a time zone; anything else is refused rather
 * than guessed in the local zone.
 */
export function parseEffective(text: string, flag = "--effective"): number {
  const t = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t)
    ? Date.parse(`${t}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(t)
      ? Date.parse(t)
      : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `${flag} ${JSON.stringify(text)}: use YYYY-MM-DD (UTC midnight) or an ISO date-time with a zone, like 2026-02-01T09:00:00Z`,
    );
  }
  return ms;
}

/** Runs `fn`; when it refuses an invalid document, prints each problem as `file:line:col code message`. */
async function withProblemsPrinted<T>(
  file: string,
  json: boolean | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!json && isVouchError(err) && err.code === "CONTRACT_INVALID") {
      const problems = (err.details as { problems?: readonly Problem[] } | undefined)?.problems ?? [];
      for (const p of problems) printLine(`${file}:${p.line}:${p.column} ${p.code} ${p.message}`);
    }
    throw err;
  }
}

const describe = (c: ContractSummaryView): string =>
  `${c.id} version ${c.version} "${c.name}"${c.revision ? ` (${c.revision})` : ""}, ${c.status}`;

const lintLine = (l: ContractSummaryView["lint"]): string =>
  `${l.error} error(s), ${l.warning} warning(s), ${l.info} info`;

const activationLine = (a: ActivationView): string =>
  `activation ${a.seq}: ${a.state} from ${a.effectiveFrom}${a.activeUntil ? ` until ${a.activeUntil}` : ""}, by ${a.activatedBy} at ${a.activatedAt}`;

function printDetail(d: ContractDetailView): void {
  const c = d.contract;
  printLine(describe(c));
  printLine(`sha256 ${c.sha256}`);
  printLine(`uploaded ${c.uploadedAt} by ${c.uploadedBy}`);
  for (const a of d.activations) printLine(activationLine(a));
  printLine();
  printLine(formatFindingsText(d.findings, c.id));
}

/** `{escalation: {lowConfidence: 0.55}}` → `[["escalation.lowConfidence", "0.55"]]`. */
function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [[prefix, "{}"]];
    return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, Array.isArray(value) ? JSON.stringify(value) : String(value)]];
}
