import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../shared/errors.js";
import { ARTIFACTS, renderErrorsDoc, renderOpenApi } from "./artifacts.js";

const read = (rel: string) => readFileSync(new URL(`../../${rel}`, import.meta.url), "utf8");
const HINT = "stale generated file: run `npm run generate` and commit the result";

describe("generated artefacts are current", () => {
  it("openapi/openapi.json matches the routes", async () => {
    expect(read(ARTIFACTS.openapi), HINT).toBe(await renderOpenApi());
  });

  it("docs/errors.md documents every error code", () => {
    const doc = read(ARTIFACTS.errors);
    expect(doc, HINT).toBe(renderErrorsDoc());
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(doc).toContain(`| \`${code}\` |`);
  });
});
