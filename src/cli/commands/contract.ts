import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type Command, Option } from "commander";
import {
  type ContractSource,
  contractJsonSchemaText,
  diffContracts,
  explainRule,
  findLintRule,
  formatDiffText,
  formatFindingsText,
  LINT_RULES,
  lintContract,
  lintReport,
  MAX_CONTRACT_LENGTH,
  parseContract,
  problemFindings,
  renderLintRulesDoc,
  type SupportContract,
  toSarif,
} from "../../contract/index.js";
import { notFound, VouchError } from "../../shared/errors.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";

/**
 * `vouch contract ...`: validate, lint, diff and explain contract files, and publish the JSON Schema. Thin:
 * read the file, call the contract capability, print. Works offline on files; storing and activating
 * contracts are separate commands on top of the store.
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
        if (opts.format === "json") printJson(lintReport(file, parsed.ok, findings));
        else if (opts.format === "sarif") {
          printJson(
            toSarif(findings, {
              file,
              ...(toolVersion() ? { toolVersion: toolVersion() } : {}),
              ...(opts.helpBaseUri ? { helpBaseUri: opts.helpBaseUri } : {}),
            }),
          );
        } else printLine(formatFindingsText(findings, file));
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
    .argument("<old>", "the earlier contract file")
    .argument("<new>", "the proposed contract file")
    .option("--json", "print the diff as JSON")
    .action(
      action((oldFile: string, newFile: string, opts: { json?: boolean }) => {
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
