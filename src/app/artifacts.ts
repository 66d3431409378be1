import { buildServer } from "../http/build-server.js";
import { systemClock } from "../shared/clock.js";
import { ERROR_CATALOGUE } from "../shared/errors.js";
import { openStore } from "../store/index.js";
import { wireDeps } from "./wire-deps.js";
import { wireRooms } from "./wire-rooms.js";

/**
 * Generated artefacts, committed so that reviewers and editors see them, and checked in CI to be current
 * (artifacts.test.ts). Regenerate with `npm run generate`.
 */
export const ARTIFACTS = {
  openapi: "openapi/openapi.json",
  errors: "docs/errors.md",
} as const;

/** The OpenAPI 3.1 document, exactly as `GET /openapi.json` serves it. */
export async function renderOpenApi(): Promise<string> {
  const store = openStore({ sqliteFile: ":memory:" });
  const rooms = wireRooms(
    store,
    () => {
      throw new Error("not used while rendering the API document");
    },
    () => 0,
  );
  const app = await buildServer(wireDeps({ store, clock: systemClock, ...rooms, rootKeyHash: undefined }), {
    logLevel: "silent",
  });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  await store.close();
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** docs/errors.md: every stable error code with its HTTP status, CLI exit code and meaning. */
export function renderErrorsDoc(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, spec]) =>
      `| \`${code}\` | ${spec.status} | ${spec.exit} | ${spec.description.replace(/\|/g, "\\|")} |`,
  );
  return [
    "# Error codes",
    "",
    "Generated from `src/shared/errors.ts` by `npm run generate`; do not edit by hand.",
    "",
    "Every error Vouch returns has a stable `code`. Over HTTP the body is",
    '`{"error": {"code", "message", "details"?, "requestId"}}` with the status below; the CLI prints',
    "`error CODE: message` on stderr and exits with the exit code below. Match on the code, not the message.",
    "",
    "| code | HTTP status | CLI exit | meaning |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
