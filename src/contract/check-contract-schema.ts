import { Settings } from "typebox/system";
import Value from "typebox/value";
import { type ContractPath, formatPath, type PathSegment, pointerToPath } from "./contract-path.js";
import type { PathProblem, ProblemCode } from "./contract-problem.js";
import { CURRENCY_PATTERN, SupportContractSchema, TOPIC_PATTERN, WINDOW_PATTERN } from "./contract-schema.js";
import { DECIMAL_PATTERN } from "./decimal.js";

/**
 * Structural validation against the TypeBox schema, translated into problems people can act on: the YAML
 * path of the offending key, what was expected in the contract's own words, and a "did you mean" for
 * misspelt keys and names.
 */

// TypeBox stops after 8 errors by default; a contract should report all its problems at once. The setting is
// process-wide, so it is raised only for the duration of this synchronous call and then restored.
const MAX_ERRORS = 500;

interface SchemaError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

/** Checks a plain value (from YAML or JSON) against the contract schema. Never throws. */
export function checkContractSchema(value: unknown): PathProblem[] {
  const settings = Settings.Get();
  const previous = settings.maxErrors;
  Settings.Set({ maxErrors: MAX_ERRORS });
  let errors: SchemaError[];
  try {
    errors = Value.Errors(SupportContractSchema, value) as unknown as SchemaError[];
  } finally {
    Settings.Set({ maxErrors: previous });
  }

  // A failed anyOf also reports why each branch failed; only the summary is useful to a person.
  const anyOfPaths = errors.filter((e) => e.keyword === "anyOf").map((e) => `${e.schemaPath}/anyOf/`);
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (anyOfPaths.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    for (const problem of describe(error, value)) {
      const key = `${problem.code}|${formatPath(problem.path)}|${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function describe(error: SchemaError, root: unknown): PathProblem[] {
  const path = pointerToPath(error.instancePath);
  const value = valueAt(root, path);
  const last = path[path.length - 1];
  switch (error.keyword) {
    case "additionalProperties":
      // Reported once per key through the `boolean` errors below, which carry the key's own path.
      return [];
    case "boolean": {
      if (!error.schemaPath.endsWith("/additionalProperties")) break;
      const allowed = propertiesAt(error.schemaPath.slice(0, -"/additionalProperties".length));
      const key = String(last);
      const hint = suggestion(key, allowed);
      const where = path.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : "";
      return [
        {
          code: "unknown-key",
          message: `unknown key "${key}"${where}${hint ? `; did you mean "${hint}"?` : `; allowed keys: ${allowed.join(", ")}`}`,
          path,
        },
      ];
    }
    case "required": {
      const missing = (error.params.requiredProperties as string[] | undefined) ?? [];
      return missing.map((key) => ({
        code: "missing-key" as const,
        message: `missing required key "${key}"${path.length > 0 ? ` in ${formatPath(path)}` : ""}`,
        path: [...path, key],
      }));
    }
    case "type": {
      if (isMoneyField(error.schemaPath)) return [{ code: "wrong-type", message: moneyMessage(value), path }];
      const expected = error.params.type;
      const names = (Array.isArray(expected) ? expected : [expected]).map((t) => typeName(String(t)));
      return [{ code: "wrong-type", message: `must be ${names.join(" or ")}, got ${show(value)}`, path }];
    }
    case "anyOf":
      if (last === "upTo") {
        const code: ProblemCode =
          typeof value === "number" && Number.isInteger(value) ? "out-of-range" : "wrong-type";
        return [
          {
            code,
            message: `must be a whole number ≥ 1, or null for the last, unbounded tier; got ${show(value)}`,
            path,
          },
        ];
      }
      return [
        { code: "invalid-value", message: `does not match any allowed form; got ${show(value)}`, path },
      ];
    case "enum": {
      const allowed = ((error.params.allowedValues as unknown[] | undefined) ?? []).map(String);
      const code = enumCode(path);
      const what =
        code === "unknown-metric" ? "metric" : code === "unknown-integration" ? "integration" : "value";
      const hint = typeof value === "string" ? suggestion(value, allowed) : undefined;
      return [
        {
          code,
          message: `unknown ${what} ${typeof value === "string" ? JSON.stringify(value) : show(value)}${hint ? `; did you mean "${hint}"?` : ""} (expected one of: ${allowed.join(", ")})`,
          path,
        },
      ];
    }
    case "const":
      return [
        {
          code: "invalid-value",
          message: `must be ${JSON.stringify(error.params.allowedValue)}, got ${show(value)}`,
          path,
        },
      ];
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const comparison = { minimum: "≥", maximum: "≤", exclusiveMinimum: ">", exclusiveMaximum: "<" }[
        error.keyword
      ];
      const unit = last === "percent" || last === "cap" ? " percent" : "";
      return [
        {
          code: "out-of-range",
          message: `must be ${comparison} ${String(error.params.limit)}${unit}, got ${show(value)}`,
          path,
        },
      ];
    }
    case "pattern": {
      const pattern = String(error.params.pattern);
      if (pattern === DECIMAL_PATTERN) return [{ code: "invalid-value", message: moneyMessage(value), path }];
      if (pattern === WINDOW_PATTERN) {
        return [
          {
            code: "invalid-window",
            message: `window must be calendar-month, calendar-quarter or rolling-<N>d with N from 1 to 366; got ${show(value)}`,
            path,
          },
        ];
      }
      if (pattern === TOPIC_PATTERN) {
        return [
          {
            code: "invalid-value",
            message: `a topic is an id of lowercase words joined by - or _, like billing-dispute; got ${show(value)}`,
            path,
          },
        ];
      }
      if (pattern === CURRENCY_PATTERN) {
        return [
          {
            code: "invalid-value",
            message: `must be an ISO 4217 currency code in capitals, like USD or EUR; got ${show(value)}`,
            path,
          },
        ];
      }
      return [{ code: "invalid-value", message: `${error.message}; got ${show(value)}`, path }];
    }
    case "format":
      if (error.params.format === "date") {
        return [
          {
            code: "invalid-value",
            message: `must be a calendar date written YYYY-MM-DD; got ${show(value)}`,
            path,
          },
        ];
      }
      break;
    case "minLength":
      return [{ code: "invalid-value", message: "must not be empty", path }];
    case "minItems":
      return [
        { code: "invalid-value", message: `must list at least ${String(error.params.limit)} item(s)`, path },
      ];
    case "uniqueItems": {
      const indexes = (error.params.duplicateItems as number[] | undefined) ?? [];
      const list = Array.isArray(value) ? value : [];
      return indexes.map((index) => ({
        code: "duplicate-entry" as const,
        message: `${show(list[index])} is listed more than once in ${formatPath(path)}`,
        path: [...path, index],
      }));
    }
  }
  return [{ code: "invalid-value", message: error.message, path }];
}

const MONEY_FIELDS = new Set([
  "unitAmount",
  "flatAmount",
  "platformFee",
  "overageCap",
  "minimumCommitment",
  "amount",
  "estimate",
  "price",
]);

function isMoneyField(schemaPath: string): boolean {
  const last = schemaPath.split("/").pop() ?? "";
  return MONEY_FIELDS.has(last);
}

function moneyMessage(value: unknown): string {
  return `money is a decimal string in major units, quoted, e.g. "1500.00" or "0.99" (no sign, exponent or separators), so it is never rounded as a binary float; got ${show(value)}`;
}

function enumCode(path: ContractPath): ProblemCode {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === "metric" || (typeof last === "number" && parent === "metrics")) return "unknown-metric";
  if (last === "integration" || (path[0] === "integrations" && last === "name")) return "unknown-integration";
  return "invalid-value";
}

function typeName(type: string): string {
  switch (type) {
    case "object":
      return "a mapping (key: value entries)";
    case "array":
      return "a list";
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    default:
      return type;
  }
}

/** A short, safe rendering of the offending value for a message. */
function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const rendered = typeof value === "string" ? JSON.stringify(value) : String(value);
  const clipped = rendered.length > 60 ? `${rendered.slice(0, 57)}...` : rendered;
  return typeof value === "string" ? `string ${clipped}` : `${typeof value} ${clipped}`;
}

function valueAt(root: unknown, path: ContractPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

/** Property names of the object schema at a schema path such as `#/properties/sla`. */
function propertiesAt(schemaPath: string): string[] {
  let node: unknown = SupportContractSchema;
  for (const token of schemaPath.replace(/^#\/?/, "").split("/")) {
    if (token === "") continue;
    if (node === null || typeof node !== "object") return [];
    node = (node as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
function suggestion(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = c.startsWith(lower) && lower.length >= 3 ? 1 : editDistance(lower, c);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
