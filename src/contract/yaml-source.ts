import {
  Composer,
  CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  type Pair,
  Parser,
  type YAMLMap,
} from "yaml";
import { VouchError } from "../shared/errors.js";
import { describeUnstorable, findUnstorableText, unstorableCharAt } from "../shared/text.js";
import { type ContractPath, formatPath, type PathSegment } from "./contract-path.js";
import type { PathProblem, Problem } from "./contract-problem.js";

/** A 1-based line and column in the contract file. */
interface SourcePosition {
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
interface YamlReadResult {
  readonly value: unknown;
  readonly problems: readonly (Problem | PathProblem)[];
  readonly source: ContractSource;
}

const START: SourcePosition = Object.freeze({ line: 1, column: 1 });

/**
 * Bounds on the parser's work. A contract is a few hundred values nested a few levels deep; a document
 * beyond these bounds is refused (CONTRACT_TOO_COMPLEX) while it is read, before it is composed, so a
 * hostile document costs at most the reading of its first values. Documented in docs/contract.md.
 */
export const YAML_LIMITS = Object.freeze({
  /** Collections nested in one another. */
  maxDepth: 64,
  /** Scalars, aliases, flow collections and entry indicators (`-`, `?`, `:`). */
  maxNodes: 5_000,
  /** Alias nodes (`*name`); expanding them is bounded separately by `toJS({ maxAliasCount })`. */
  maxAliases: 100,
  /** Lexical tokens of any kind, blank lines and comments included: what bounds the reader's work. */
  maxTokens: 20_000,
});

// Aliases can expand exponentially ("billion laughs"); a contract has no reason for more than a few.
const MAX_ALIAS_COUNT = 100;

const NODE_TOKENS: ReadonlySet<string> = new Set([
  "scalar",
  "single-quoted-scalar",
  "double-quoted-scalar",
  "alias",
  "flow-map-start",
  "flow-seq-start",
  "seq-item-ind",
  "explicit-key-ind",
  "map-value-ind",
]);

const tooComplex = (what: string): VouchError =>
  new VouchError(
    "CONTRACT_TOO_COMPLEX",
    `the document has ${what}; a contract may nest ${YAML_LIMITS.maxDepth} levels and hold ${YAML_LIMITS.maxNodes} values, ${YAML_LIMITS.maxAliases} aliases and ${YAML_LIMITS.maxTokens} tokens (docs/contract.md)`,
  );

/**
 * The yaml package's own lexer and CST parser, driven token by token as its documentation shows, so the
 * limits are checked as the text is read: parseDocument has no depth or size bounds, and composing a
 * deeply nested document recurses until the stack overflows.
 */
function* boundedTokens(text: string, parser: Parser): Generator<CST.Token> {
  let nodes = 0;
  let aliases = 0;
  let tokens = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++tokens > YAML_LIMITS.maxTokens) throw tooComplex(`more than ${YAML_LIMITS.maxTokens} tokens`);
    const type = CST.tokenType(lexeme);
    if (type !== null && NODE_TOKENS.has(type)) {
      if (++nodes > YAML_LIMITS.maxNodes) throw tooComplex(`more than ${YAML_LIMITS.maxNodes} values`);
      if (type === "alias" && ++aliases > YAML_LIMITS.maxAliases) {
        throw tooComplex(`more than ${YAML_LIMITS.maxAliases} aliases`);
      }
    }
    yield* parser.next(lexeme);
    if (parser.stack.length > YAML_LIMITS.maxDepth) {
      throw tooComplex(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`);
    }
  }
  yield* parser.end();
}

/**
 * Reads one YAML document. Uses the YAML 1.2 core schema whatever the document declares, so `2025-01-01`
 * stays a string and `yes` is not a boolean; custom tags, complex keys and multiple documents are problems,
 * and so is text no store can hold (U+0000, an unpaired surrogate). Throws CONTRACT_TOO_COMPLEX beyond
 * YAML_LIMITS or when aliases would expand beyond their bound.
 */
export function readYaml(text: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const bad = unstorableCharAt(text);
  if (bad >= 0) {
    const lines = text.slice(0, bad).split("\n");
    const problem: Problem = {
      code: "invalid-character",
      message: `the document contains ${describeUnstorable(text, bad)}, which no stored text may hold; remove it`,
      path: "",
      line: lines.length,
      column: (lines.at(-1)?.length ?? 0) + 1,
    };
    return { value: undefined, problems: [problem], source: emptySource };
  }

  // Duplicate keys are found by checkKeys in one pass: the yaml package compares each key with every
  // earlier one of its mapping, which is quadratic in the mapping's size.
  const composer = new Composer({ prettyErrors: false, schema: "core", uniqueKeys: false, strict: true });
  // Parser.parse registers the first line's start itself; driving next() directly, it is ours to add.
  lineCounter.addNewLine(0);
  const docs = composer.compose(boundedTokens(text, new Parser(lineCounter.addNewLine)), true, text.length);
  // compose(…, forceDoc = true) always yields a first document, empty when the text is.
  const doc = docs.next().value as Document.Parsed;
  const second = docs.next().value;
  const source = makeSource(doc, at);

  const problems: Problem[] = [];
  if (second) {
    problems.push({
      code: "yaml-syntax",
      message: "a contract file holds exactly one YAML document; remove the second `---` and what follows",
      path: "",
      ...at(second.range[0]),
    });
  }
  for (const error of doc.errors) {
    const [offset = 0] = error.pos;
    problems.push({ code: "yaml-syntax", message: error.message, path: "", ...at(offset) });
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

  const keyProblems = checkKeys(doc.contents, [], at);
  if (keyProblems.length > 0) return { value: undefined, problems: keyProblems, source };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // toJS throws only when aliases would expand beyond maxAliasCount: a broken alias is a parse error.
    throw tooComplex("aliases that expand beyond their bound");
  }
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    return {
      value: undefined,
      problems: [
        {
          code: "invalid-character",
          message: `${unstorable.message}, which no stored text may hold (written as an escape?)`,
          path: [...unstorable.path],
        },
      ],
      source,
    };
  }
  return { value, problems: [], source };
}

/** The source map of a document that was never parsed: everything is at its start. */
const emptySource: ContractSource = Object.freeze({ locate: () => START, scalarText: () => undefined });

function makeSource(doc: Document, at: (offset: number) => SourcePosition): ContractSource {
  const keyIndex = keyIndexer();
  const rootPosition = (): SourcePosition => {
    const contents = doc.contents;
    return contents?.range ? at(contents.range[0]) : START;
  };
  const walk = (path: ContractPath): { position: SourcePosition; node: unknown; exact: boolean } => {
    let node: unknown = doc.contents;
    let position = rootPosition();
    for (const segment of path) {
      const step = child(doc, keyIndex, node, segment);
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

type KeyIndex = (map: YAMLMap) => ReadonlyMap<string, Pair>;

/**
 * A mapping's pairs by key (the first of duplicates), each built on first use: one document may be asked
 * for the position of thousands of problems in one mapping.
 */
function keyIndexer(): KeyIndex {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  return (map) => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && !index.has(key)) index.set(key, pair);
      }
      indexes.set(map, index);
    }
    return index;
  };
}

/** The child node at one segment, with the offset to report: the key for a mapping entry, the item itself. */
function child(
  doc: Document,
  keyIndex: KeyIndex,
  node: unknown,
  segment: PathSegment,
): { node: unknown; offset?: number } | undefined {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    const pair = keyIndex(resolved).get(String(segment));
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

/**
 * Mapping keys must be plain scalars, each once per mapping: a duplicate is reported at its second
 * occurrence (toJS would silently keep only the last value).
 */
function checkKeys(
  node: unknown,
  path: PathSegment[],
  at: (offset: number) => SourcePosition,
): (Problem | PathProblem)[] {
  const problems: (Problem | PathProblem)[] = [];
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        problems.push({
          code: "yaml-unsupported",
          message: "mapping keys must be plain strings, not collections",
          path: [...path],
        });
        continue;
      }
      const key = String(pair.key.value);
      if (seen.has(key)) {
        problems.push({
          code: "yaml-duplicate-key",
          message: `key ${JSON.stringify(key)} appears twice in the same mapping; keep one`,
          path: formatPath([...path, key]),
          ...at(pair.key.range?.[0] ?? 0),
        });
      }
      seen.add(key);
      problems.push(...checkKeys(pair.value, [...path, key], at));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      problems.push(...checkKeys(item, [...path, index], at));
    });
  }
  return problems;
}
