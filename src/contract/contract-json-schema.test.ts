import { readFileSync } from "node:fs";
import Schema from "typebox/schema";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONTRACT_SCHEMA_FILE, contractJsonSchema, contractJsonSchemaText } from "./contract-json-schema.js";

const repo = (rel: string) => new URL(`../../${rel}`, import.meta.url);

type Node = Record<string, unknown>;

/** Every subschema, with its JSON Pointer. */
function* walk(node: unknown, pointer = "#"): Generator<[string, Node]> {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${pointer}/${i}`);
    return;
  }
  const schema = node as Node;
  yield [pointer, schema];
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && value && typeof value === "object") {
      for (const [name, sub] of Object.entries(value)) yield* walk(sub, `${pointer}/properties/${name}`);
    } else if (key === "items" || key === "anyOf") {
      yield* walk(value, `${pointer}/${key}`);
    }
  }
}

describe("contract JSON Schema", () => {
  it(`${CONTRACT_SCHEMA_FILE} is current`, () => {
    const committed = readFileSync(repo(CONTRACT_SCHEMA_FILE), "utf8");
    expect(
      committed,
      `stale ${CONTRACT_SCHEMA_FILE}: run \`vouch contract schema --out ${CONTRACT_SCHEMA_FILE}\` (after \`npm run build\`: node dist/cli/main.js contract schema --out ${CONTRACT_SCHEMA_FILE}) and commit it`,
    ).toBe(contractJsonSchemaText());
  });

  it("is draft 2020-12 with an $id, a title and a description", () => {
    const schema = contractJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^[a-z]+:/);
    expect(schema.title).toBe("Vouch support contract");
    expect(schema.description).toMatch(
      /^The enterprise contract for an AI customer-support agent, as code: /,
    );
    expect(schema.description).toContain("See docs/contract.md.");
  });

  it("closes every object (unknown keys are errors) and documents every property", () => {
    for (const [pointer, node] of walk(contractJsonSchema())) {
      if (node.type === "object") expect(node.additionalProperties, pointer).toBe(false);
      if (/\/properties\/[^/]+$/.test(pointer)) expect(typeof node.description, pointer).toBe("string");
    }
  });

  it("accepts the examples and rejects an unknown key when used by a generic validator", () => {
    const validator = Schema.Compile(JSON.parse(readFileSync(repo(CONTRACT_SCHEMA_FILE), "utf8")));
    for (const name of ["careful-buyer", "vendor-standard"]) {
      const doc = parse(readFileSync(repo(`examples/contracts/${name}.yaml`), "utf8")) as Node;
      expect(validator.Check(doc), name).toBe(true);
      expect(validator.Check({ ...doc, extra: true }), name).toBe(false);
    }
  });
});
