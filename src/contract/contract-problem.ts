import { type ContractPath, formatPath } from "./contract-path.js";

/**
 * Stable codes of validation problems. docs/contract.md ("Validation errors") documents each one; tools may
 * match on them, so a code is never reused for a different meaning.
 */
const PROBLEM_CODES = [
  // YAML level
  "yaml-syntax",
  "yaml-duplicate-key",
  "yaml-unsupported",
  "document-empty",
  "document-too-large",
  "invalid-character",
  // schema level
  "unknown-key",
  "missing-key",
  "wrong-type",
  "invalid-value",
  "out-of-range",
  "unknown-metric",
  "unknown-integration",
  // semantic level
  "not-applicable",
  "duplicate-entry",
  "unknown-objective",
  "invalid-window",
  "date-order",
  "pilot-outside-term",
  "tier-order",
  "tier-unbounded-not-last",
  "tier-last-bounded",
  "credit-order",
  "termination-window",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One reason a contract document is not valid, with where it is. */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  /** YAML path, e.g. `sla.objectives[2].floor`; empty for the document itself. */
  readonly path: string;
  /** 1-based line of the offending key or item (the nearest existing parent when the key is missing). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A problem found before positions are known: checks work on paths, the parser adds line and column. */
export interface PathProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly path: ContractPath;
}

/** Builds a located problem. */
export function locatedProblem(
  problem: PathProblem,
  locate: (path: ContractPath) => { line: number; column: number },
): Problem {
  const { line, column } = locate(problem.path);
  return Object.freeze({
    code: problem.code,
    message: problem.message,
    path: formatPath(problem.path),
    line,
    column,
  });
}

/** Orders problems as a reader meets them in the file. */
export function compareProblems(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}
