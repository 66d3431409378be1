import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import { ERROR_CATALOGUE, type ErrorCode, isVouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";

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
  { description: "An error with a stable code" },
);

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_BAD_URL: "MALFORMED_REQUEST",
  FST_ERR_MAX_PARAM_LENGTH: "URI_TOO_LONG",
};

/** Router errors whose Fastify message repeats the whole (possibly huge) path: said plainly instead. */
const ROUTER_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: "the URL's percent-encoding is not valid UTF-8",
  FST_ERR_MAX_PARAM_LENGTH: "a path parameter is longer than 100 characters; no id is that long",
};

/** The body of every error answer. */
export function errorEnvelope(code: ErrorCode, message: string, requestId: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

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
    message = ROUTER_MESSAGES[fe.code] ?? message;
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
    .header("x-request-id", request.id)
    .send(errorEnvelope(code, message, request.id, details));
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers over the size limit, a
 * malformed request line, a request not received in time). This answers them on the socket with the same
 * envelope and a request id of their own, then closes the connection.
 */
export function answerClientError(log: FastifyBaseLogger, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? ["HEADERS_TOO_LARGE", "the request line and headers exceed the server's limit"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? ["REQUEST_TIMEOUT", "the request was not received in time"]
        : ["MALFORMED_REQUEST", "the HTTP request cannot be parsed"];
  const requestId = newId("request");
  log.debug({ err, reqId: requestId, code }, "client error");
  const status = ERROR_CATALOGUE[code].status;
  const body = JSON.stringify(errorEnvelope(code, message, requestId));
  // As Node's own handler does: never write into a response already under way on this connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
  // Ending (not destroying) lets the client read the answer before the close; the timer reaps a peer that
  // never closes its side.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** OpenAPI response entries for the listed error statuses. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}
