import type { FastifyInstance } from "fastify";
import secureJson from "secure-json-parse";
import { VouchError } from "../shared/errors.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * JSON bodies: Fastify's default parser decodes bytes leniently (invalid UTF-8 becomes U+FFFD and is
 * stored silently), so this one decodes strictly and answers INVALID_UTF8 instead. It keeps Fastify's
 * protection against prototype poisoning (secure-json-parse) and answers MALFORMED_JSON on syntax errors.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(["application/json"]);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;.*)?$/i,
    { parseAs: "buffer" },
    (_req, body, done) => {
      const bytes = body as Buffer;
      if (bytes.length === 0) {
        done(null, undefined);
        return;
      }
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        done(new VouchError("INVALID_UTF8", "request body is not valid UTF-8"), undefined);
        return;
      }
      try {
        done(null, secureJson.parse(text, undefined, { protoAction: "error", constructorAction: "error" }));
      } catch (err) {
        done(
          new VouchError("MALFORMED_JSON", `request body is not valid JSON: ${(err as Error).message}`),
          undefined,
        );
      }
    },
  );
}
