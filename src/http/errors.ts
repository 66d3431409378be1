import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import { ERROR_CATALOGUE, type ErrorCode, isVouchError } from "../shared/errors.js";

/** The one error body every endpoint answers with. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "Stable code from docs/errors.md" }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.String(),
    }),
  },
  { $id: "Error", description: "An error with a stable code" },
);

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_BAD_URL: "VALIDATION_FAILED",
};

/**
 * Map any failure to `{error: {code, message, details, requestId}}` and the catalogue's status — the only
 * place where errors become HTTP. Unknown failures are logged and answered as INTERNAL without internals.
 */
export function sendError(
  err: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  let code: ErrorCode;
  let message = err.message;
  let details: unknown;
  const fe = err as FastifyError;
  if (isVouchError(err)) {
    code = err.code;
    details = err.details;
  } else if (fe.validation) {
    code = "VALIDATION_FAILED";
    details = fe.validation.map((v) => ({
      path: `${fe.validationContext ? `${fe.validationContext}` : ""}${v.instancePath || ""}`,
      message:
        v.keyword === "additionalProperties"
          ? `unknown field ${JSON.stringify((v.params as { additionalProperty?: string }).additionalProperty)}`
          : (v.message ?? "invalid"),
    }));
    message = `invalid request: ${(details as { path: string; message: string }[]).map((d) => `${d.path} ${d.message}`).join("; ")}`;
  } else if (fe.code && FASTIFY_CODES[fe.code]) {
    code = FASTIFY_CODES[fe.code] as ErrorCode;
  } else if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    code =
      fe.statusCode === 404
        ? "ROUTE_NOT_FOUND"
        : fe.statusCode === 405
          ? "METHOD_NOT_ALLOWED"
          : "VALIDATION_FAILED";
  } else {
    code = "INTERNAL";
    request.log.error({ err }, "unhandled error");
    message = "internal error";
  }
  const status = ERROR_CATALOGUE[code].status;
  if (status >= 500 && code !== "INTERNAL") request.log.error({ err }, "server error");
  return reply
    .code(status)
    .type("application/json; charset=utf-8")
    .send({ error: { code, message, ...(details === undefined ? {} : { details }), requestId: request.id } });
}

/** OpenAPI response entries for the listed error statuses. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}
