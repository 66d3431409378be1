import { SupportContractSchema } from "./contract-schema.js";

/** Identifies the published schema; documents point editors at it with a `$schema` modeline. */
const CONTRACT_SCHEMA_ID = "urn:vouch:schema:support-contract:v1";

/** Where the generated schema is committed, relative to the repository root. */
export const CONTRACT_SCHEMA_FILE = "schemas/contract.schema.json";

/**
 * The JSON Schema (draft 2020-12) of the contract file, generated from the TypeBox definition so editors
 * complete and document exactly what the parser accepts. Semantic rules (tier order, per-metric ranges,
 * dates in order) are not expressible here; `vouch contract validate` applies them.
 */
export function contractJsonSchema(): Record<string, unknown> {
  // A JSON round trip keeps only the standard, enumerable schema keywords (TypeBox's markers are not).
  const body = JSON.parse(JSON.stringify(SupportContractSchema)) as Record<string, unknown>;
  const { title, description, ...rest } = body;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: CONTRACT_SCHEMA_ID,
    title,
    description,
    ...rest,
  };
}

/** The committed file's exact text: pretty-printed with a trailing newline. */
export function contractJsonSchemaText(): string {
  return `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
}
