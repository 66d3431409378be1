import { checkContractSchema } from "./check-contract-schema.js";
import { checkContractSemantics } from "./check-contract-semantics.js";
import { compareProblems, locatedProblem, type PathProblem, type Problem } from "./contract-problem.js";
import type { SupportContract } from "./contract-schema.js";
import { deepFreeze } from "./deep-freeze.js";
import { type ContractSource, readYaml } from "./yaml-source.js";

/** Options for `parseContract`. */
interface ParseContractOptions {
  /** Longest accepted document, in characters (default 256 Ki); a contract is a few kilobytes. */
  readonly maxLength?: number;
}

/** A document that passed every check. */
export interface ParsedContract {
  readonly ok: true;
  /** The contract, deeply frozen. */
  readonly contract: SupportContract;
  /** Maps paths back to lines and columns, for findings and diffs. */
  readonly source: ContractSource;
}

/** A document with problems; nothing of it may be activated. */
interface InvalidContract {
  readonly ok: false;
  /** Every problem found, in file order. Never empty. */
  readonly problems: readonly Problem[];
  readonly source: ContractSource;
}

type ParseContractResult = ParsedContract | InvalidContract;

/** Default for `ParseContractOptions.maxLength`. */
export const MAX_CONTRACT_LENGTH = 256 * 1024;

/**
 * Parses and validates a contract document (YAML, or JSON, which is YAML). The result is either the typed,
 * frozen contract or every problem with its YAML path, line and column; the one input it throws for is a
 * document beyond the parser's limits (CONTRACT_TOO_COMPLEX, see YAML_LIMITS), which is not examined.
 *
 * Checks run in three layers, each only when the previous one passed, so problems are never consequences of
 * earlier ones: YAML syntax (including duplicate keys), the schema (unknown keys, types, ranges, names), then
 * semantic rules across fields (tier order, dates, per-metric ranges).
 */
export function parseContract(text: string, opts: ParseContractOptions = {}): ParseContractResult {
  const maxLength = opts.maxLength ?? MAX_CONTRACT_LENGTH;
  const yaml = readYaml(text.length > maxLength ? "" : stripBom(text));
  const locate = (path: PathProblem["path"]) => yaml.source.locate(path);
  const fail = (problems: readonly (Problem | PathProblem)[]): InvalidContract => ({
    ok: false,
    problems: Object.freeze(
      problems
        .map((p) => (isLocated(p) ? Object.freeze(p) : locatedProblem(p, locate)))
        .sort(compareProblems),
    ),
    source: yaml.source,
  });

  if (text.length > maxLength) {
    return fail([
      {
        code: "document-too-large",
        message: `the document is ${text.length} characters; the limit is ${maxLength}`,
        path: "",
        line: 1,
        column: 1,
      },
    ]);
  }
  if (yaml.problems.length > 0) return fail(yaml.problems);

  const schemaProblems = checkContractSchema(yaml.value);
  if (schemaProblems.length > 0) return fail(schemaProblems);

  const contract = deepFreeze(yaml.value) as SupportContract;
  const semanticProblems = checkContractSemantics(contract);
  if (semanticProblems.length > 0) return fail(semanticProblems);

  return { ok: true, contract, source: yaml.source };
}

function isLocated(p: Problem | PathProblem): p is Problem {
  return typeof p.path === "string";
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
