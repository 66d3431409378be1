import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, renderErrorsDoc, renderOpenApi } from "../app/artifacts.js";
import {
  CONTRACT_SCHEMA_FILE,
  contractJsonSchemaText,
  LINT_RULES_DOC_FILE,
  renderLintRulesDoc,
} from "../contract/index.js";

const root = new URL("../../", import.meta.url);
const write = (rel: string, text: string) => {
  writeFileSync(fileURLToPath(new URL(rel, root)), text);
  process.stdout.write(`wrote ${rel}\n`);
};
write(ARTIFACTS.openapi, await renderOpenApi());
write(ARTIFACTS.errors, renderErrorsDoc());
write(CONTRACT_SCHEMA_FILE, contractJsonSchemaText());
write(LINT_RULES_DOC_FILE, renderLintRulesDoc());
