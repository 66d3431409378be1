import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, renderErrorsDoc, renderOpenApi } from "../app/artifacts.js";

const root = new URL("../../", import.meta.url);
const write = (rel: string, text: string) => {
  writeFileSync(fileURLToPath(new URL(rel, root)), text);
  process.stdout.write(`wrote ${rel}\n`);
};
write(ARTIFACTS.openapi, await renderOpenApi());
write(ARTIFACTS.errors, renderErrorsDoc());
