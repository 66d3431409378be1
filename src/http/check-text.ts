import type { FastifyInstance } from "fastify";
import { VouchError } from "../shared/errors.js";
import { findUnstorableText } from "../shared/text.js";

/** A JSON Pointer token, as Ajv writes the paths of VALIDATION_FAILED details. */
const pointerToken = (key: string | number): string => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The text rule, once for every route: a request whose path parameters, query, headers or body hold
 * U+0000 or an unpaired surrogate is refused with VALIDATION_FAILED naming the field (`body/customerRef`),
 * before any route or store sees it, so both stores answer alike. Other control characters pass.
 */
export function registerTextCheck(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const [part, value] of [
      ["params", request.params],
      ["querystring", request.query],
      ["headers", request.headers],
      ["body", request.body],
    ] as const) {
      const found = findUnstorableText(value);
      if (found) {
        const path = [part, ...found.path.map(pointerToken)].join("/");
        throw new VouchError("VALIDATION_FAILED", `invalid request: ${path} ${found.message}`, [
          { path, message: found.message },
        ]);
      }
    }
  });
}
