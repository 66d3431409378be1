import { type Finding, summarizeFindings } from "./lint-contract.js";
import { LINT_RULES, type LintRule, type Severity } from "./rules/index.js";

/**
 * Renders lint findings for people (text), for scripts (JSON) and for code-review tools (SARIF 2.1.0, which
 * GitHub code scanning and most review tools display inline).
 */

/** `file:line:col severity id message [code]`, one per line, then a summary line. */
export function formatFindingsText(findings: readonly Finding[], file: string): string {
  const lines = findings.map((f) => {
    const where = `${file}:${f.line ?? 1}:${f.column ?? 1}`;
    const code = f.code ? ` [${f.code}]` : "";
    return `${where} ${f.severity} ${f.ruleId} ${f.message}${code}`;
  });
  lines.push(summaryLine(findings));
  return lines.join("\n");
}

/** "2 errors, 1 warning, 0 info" — or "no findings". */
export function summaryLine(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no findings";
  const s = summarizeFindings(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(s.error, "error")}, ${plural(s.warning, "warning")}, ${s.info} info`;
}

/** The `--format json` document. */
interface LintReport {
  readonly file: string;
  /** False when the file failed validation (its findings are VCH000). */
  readonly valid: boolean;
  readonly summary: Readonly<Record<Severity, number>>;
  readonly findings: readonly Finding[];
}

/** Builds the JSON lint report. */
export function lintReport(file: string, valid: boolean, findings: readonly Finding[]): LintReport {
  return { file, valid, summary: summarizeFindings(findings), findings };
}

// --------------------------------------------------------------------------------------------------------
// SARIF 2.1.0 — only the parts this tool produces.

const SARIF_VERSION = "2.1.0";
const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/**
 * Where rule documentation lives. Relative to the repository root by default, which code-review tools resolve
 * against the repository; pass an absolute base (the repository's web URL of docs/lint-rules.md) for tools
 * that need one.
 */
const DEFAULT_HELP_BASE_URI = "docs/lint-rules.md";

type SarifLevel = "error" | "warning" | "note";

interface SarifLog {
  readonly version: typeof SARIF_VERSION;
  readonly $schema: string;
  readonly runs: readonly SarifRun[];
}

interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version?: string;
      readonly informationUri?: string;
      readonly rules: readonly SarifRule[];
    };
  };
  readonly columnKind: "utf16CodeUnits";
  readonly artifacts: readonly { readonly location: { readonly uri: string } }[];
  readonly results: readonly SarifResult[];
}

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly framework: string };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly index: number };
      readonly region?: { readonly startLine: number; readonly startColumn: number };
    };
    readonly logicalLocations?: readonly { readonly fullyQualifiedName: string; readonly kind: string }[];
  }[];
  readonly properties?: { readonly code: string };
}

interface SarifOptions {
  /** The linted file as a URI reference relative to the repository root (forward slashes). */
  readonly file: string;
  readonly toolVersion?: string;
  readonly helpBaseUri?: string;
}

const LEVEL: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/** Anchor of a rule's section in docs/lint-rules.md (the heading is `## VCH302 no-notice-window`). */
export function ruleAnchor(rule: Pick<LintRule, "id" | "name">): string {
  return `${rule.id.toLowerCase()}-${rule.name}`;
}

/** Full explanation of a rule as plain text: why it matters, what to ask for, the framework section. */
export function ruleHelpText(rule: LintRule): string {
  return `${rule.why}\n\nAsk the vendor for: ${rule.ask}\n\nProcurement framework: "${rule.framework}".`;
}

/** A SARIF 2.1.0 log with one run: every rule in tool.driver.rules, one result per finding. */
export function toSarif(findings: readonly Finding[], opts: SarifOptions): SarifLog {
  const base = opts.helpBaseUri ?? DEFAULT_HELP_BASE_URI;
  const uri = opts.file.replace(/\\/g, "/");
  const index = new Map(LINT_RULES.map((r, i) => [r.id, i] as const));
  const rules: SarifRule[] = LINT_RULES.map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: {
      text: ruleHelpText(rule),
      markdown: `${rule.why}\n\n**Ask the vendor for:** ${rule.ask}\n\n*Procurement framework: “${rule.framework}”.*`,
    },
    helpUri: `${base}#${ruleAnchor(rule)}`,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ["contract", "procurement"], framework: rule.framework },
  }));
  const results: SarifResult[] = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? 0,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, index: 0 },
          ...(f.line !== undefined ? { region: { startLine: f.line, startColumn: f.column ?? 1 } } : {}),
        },
        ...(f.path ? { logicalLocations: [{ fullyQualifiedName: f.path, kind: "element" }] } : {}),
      },
    ],
    ...(f.code ? { properties: { code: f.code } } : {}),
  }));
  return {
    version: SARIF_VERSION,
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: "vouch",
            ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
            // informationUri must be absolute; a repository-relative base is only usable as helpUri.
            ...(/^[a-z][a-z0-9+.-]*:/i.test(base) ? { informationUri: base } : {}),
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        artifacts: [{ location: { uri } }],
        results,
      },
    ],
  };
}
