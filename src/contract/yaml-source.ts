import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import { type ContractPath, formatPath, type PathSegment } from "./contract-path.js";
import type { PathProblem, Problem } from "./contract-problem.js";

/** A 1-based line and column in the contract file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps paths of a parsed document back to the text, so every problem, finding and diff entry can say where
 * it is. Built from the yaml package's node ranges and a LineCounter.
 */
export interface ContractSource {
  /**
   * Position of the key (for a mapping entry) or of the item (for a sequence element) at `path`. When the
   * path does not exist, e.g. a missing section, the position of the nearest ancestor that does, so the
   * finding points where the missing text belongs.
   */
  locate(path: ContractPath): SourcePosition;
  /** The scalar at `path` exactly as written (`0.60`, not `0.6`), for messages and diffs. */
  scalarText(path: ContractPath): string | undefined;
}

/** What reading YAML text gives: the plain value (when the YAML itself is sound), problems, the source map. */
export interface YamlReadResult {
  readonly value: unknown;
  readonly problems: readonly (Problem | PathProblem)[];
  readonly source: ContractSource;
}

const START: SourcePosition = Object.freeze({ line: 1, column: 1 });

// Aliases can expand exponentially ("billion laughs"); a contract has no reason for more than a few.
const MAX_ALIAS_COUNT = 100;

/**
 * Reads one YAML document. Uses the YAML 1.2 core schema whatever the document declares, so `2025-01-01`
 * stays a string and `yes` is not a boolean; custom tags, complex keys and multiple documents are problems.
 */
export function readYaml(text: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    schema: "core",
    uniqueKeys: true,
    strict: true,
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const source = makeSource(doc, at);

  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const [offset = 0] = error.pos;
    const position = at(offset);
    if (error.code === "DUPLICATE_KEY") {
      const path = pathAtOffset(doc, offset);
      const key = path[path.length - 1];
      problems.push({
        code: "yaml-duplicate-key",
        message: `key ${JSON.stringify(String(key ?? ""))} appears twice in the same mapping; keep one`,
        path: formatPath(path),
        ...position,
      });
    } else if (error.code === "MULTIPLE_DOCS") {
      problems.push({
        code: "yaml-syntax",
        message: "a contract file holds exactly one YAML document; remove the second `---` and what follows",
        path: "",
        ...position,
      });
    } else {
      problems.push({ code: "yaml-syntax", message: error.message, path: "", ...position });
    }
  }
  for (const warning of doc.warnings) {
    const [offset = 0] = warning.pos;
    const message =
      warning.code === "TAG_RESOLVE_FAILED"
        ? `${warning.message}; contracts use plain YAML values, no custom tags`
        : warning.message;
    problems.push({ code: "yaml-unsupported", message, path: "", ...at(offset) });
  }
  if (problems.length > 0) return { value: undefined, problems, source };

  if (doc.contents === null) {
    return {
      value: undefined,
      problems: [
        {
          code: "document-empty",
          message:
            "the file is empty; a contract starts with `apiVersion: vouch/v1` and `kind: SupportContract`",
          path: "",
          ...START,
        },
      ],
      source,
    };
  }

  const keyProblems = complexKeys(doc.contents, []);
  if (keyProblems.length > 0) return { value: undefined, problems: keyProblems, source };

  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems: [], source };
  } catch (err) {
    // toJS throws only for alias expansion beyond the limit (or a broken alias), both input problems.
    const message = err instanceof Error ? err.message : String(err);
    return {
      value: undefined,
      problems: [{ code: "yaml-unsupported", message: `aliases: ${message}`, path: "", ...START }],
      source,
    };
  }
}

function makeSource(doc: Document, at: (offset: number) => SourcePosition): ContractSource {
  const rootPosition = (): SourcePosition => {
    const contents = doc.contents;
    return contents?.range ? at(contents.range[0]) : START;
  };
  const walk = (path: ContractPath): { position: SourcePosition; node: unknown; exact: boolean } => {
    let node: unknown = doc.contents;
    let position = rootPosition();
    for (const segment of path) {
      const step = child(doc, node, segment);
      if (step === undefined) return { position, node: undefined, exact: false };
      node = step.node;
      if (step.offset !== undefined) position = at(step.offset);
    }
    return { position, node, exact: true };
  };
  return Object.freeze({
    locate: (path: ContractPath) => walk(path).position,
    scalarText: (path: ContractPath) => {
      const { node, exact } = walk(path);
      if (!exact || !isScalar(node)) return undefined;
      return typeof node.source === "string" ? node.source : String(node.value);
    },
  });
}

/** The child node at one segment, with the offset to report: the key for a mapping entry, the item itself. */
function child(
  doc: Document,
  node: unknown,
  segment: PathSegment,
): { node: unknown; offset?: number } | undefined {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    const pair = resolved.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
    if (!pair) return undefined;
    const key = pair.key as Node;
    return { node: pair.value, offset: key.range?.[0] };
  }
  if (isSeq(resolved) && typeof segment === "number") {
    const item = resolved.items[segment];
    if (item === undefined) return undefined;
    const offset = isPair(item) ? undefined : (item as Node | null)?.range?.[0];
    return { node: item, offset };
  }
  return undefined;
}

/** The path of the deepest key or item whose text contains `offset` (used to name duplicate keys). */
function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      let next: unknown;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const inKey = key?.range && offset >= key.range[0] && offset < key.range[2];
        const inValue = value?.range && offset >= value.range[0] && offset < value.range[2];
        if (inKey) {
          path.push(isScalar(key) ? String(key.value) : "?");
          break;
        }
        if (inValue) {
          path.push(isScalar(key) ? String(key.value) : "?");
          next = value;
          break;
        }
      }
      if (next === undefined) return path;
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return range != null && offset >= range[0] && offset < range[2];
      });
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

function complexKeys(node: unknown, path: PathSegment[]): PathProblem[] {
  const problems: PathProblem[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        problems.push({
          code: "yaml-unsupported",
          message: "mapping keys must be plain strings, not collections",
          path: [...path],
        });
        continue;
      }
      problems.push(...complexKeys(pair.value, [...path, String(pair.key.value)]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      problems.push(...complexKeys(item, [...path, index]));
    });
  }
  return problems;
}
