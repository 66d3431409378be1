import type { FastifyInstance } from "fastify";

/** The part of JSON Schema the OpenAPI document uses. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
  readonly format?: string;
}

export interface Parameter {
  readonly in: "path" | "query" | "header";
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** One operation of the document, as a client generated from it sees it. */
export interface Operation {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  /** The path template, `{id}` style. */
  readonly path: string;
  readonly operationId: string | undefined;
  /** True when the operation needs no key (`security: []`). */
  readonly public: boolean;
  readonly parameters: readonly Parameter[];
  /** Content type → schema of the request body, when it takes one. */
  readonly body: Readonly<Record<string, JsonSchema>> | undefined;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
  readonly components: { readonly schemas: Record<string, JsonSchema> };
}

/** The server's OpenAPI document, as GET /openapi.json serves it. */
export async function openApiOf(app: FastifyInstance): Promise<OpenApiDocument> {
  await app.ready();
  return app.swagger() as unknown as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content;
      ops.push({
        method: method.toUpperCase() as Operation["method"],
        path,
        operationId: op.operationId as string | undefined,
        public: Array.isArray(op.security) && op.security.length === 0,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body:
          content &&
          Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema ?? {}])),
      });
    }
  }
  return ops;
}

/** The schema itself, with a `#/components/schemas/…` reference followed. */
export function deref(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (ref === undefined) return schema;
  const name = ref.replace("#/components/schemas/", "");
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`unknown reference ${ref}`);
  return deref(doc, target);
}

/** A JSON Pointer path into a request body: property names and array indexes. */
export type BodyPath = readonly (string | number)[];

/**
 * Every place in a body schema that holds text a client chooses: string values, and the keys of objects
 * with free-form keys (marked `{key}` at the end of the path).
 */
export function textPaths(doc: OpenApiDocument, root: JsonSchema): BodyPath[] {
  const out: BodyPath[] = [];
  const walk = (schema: JsonSchema, path: BodyPath): void => {
    const s = deref(doc, schema);
    for (const branch of [...(s.anyOf ?? []), ...(s.allOf ?? [])]) walk(branch, path);
    const types = typeof s.type === "string" ? [s.type] : (s.type ?? []);
    if (types.includes("string")) out.push(path);
    if (s.properties) for (const [key, value] of Object.entries(s.properties)) walk(value, [...path, key]);
    if (typeof s.additionalProperties === "object") {
      out.push([...path, "{key}"]);
      walk(s.additionalProperties, [...path, "k"]);
    }
    if (s.items) walk(s.items, [...path, 0]);
  };
  walk(root, []);
  return out;
}

/** A body holding `value` at `path` (or, for a `{key}` path, an object with `value` as a key). */
export function bodyWith(path: BodyPath, value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === "{key}") return { [value]: "x" };
  if (typeof head === "number") return [bodyWith(rest, value)];
  return { [head as string]: bodyWith(rest, value) };
}

/** The path the server names in VALIDATION_FAILED details for a body path. */
export function detailPath(path: BodyPath): string {
  const at = path.at(-1) === "{key}" ? path.slice(0, -1) : path;
  return ["body", ...at.map(String)].join("/");
}

/** A URL for the operation with each path parameter replaced. */
export function urlOf(op: Operation, params: Readonly<Record<string, string>>, query = ""): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? "x");
  return query ? `${path}?${query}` : path;
}
