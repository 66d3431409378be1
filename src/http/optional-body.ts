import type { FastifyInstance, preValidationHookHandler } from "fastify";

/** A body schema every field of which is optional: the client may leave the body out altogether. */
const bodyIsOptional = (schema: unknown): boolean => {
  const s = schema as { type?: unknown; required?: unknown } | undefined;
  return s?.type === "object" && (!Array.isArray(s.required) || s.required.length === 0);
};

const emptyBodyIsEmptyObject: preValidationHookHandler = (request, _reply, done) => {
  // No body, or an empty one (text/plain gives ""), is no fields.
  if (request.body === undefined || request.body === null || request.body === "") request.body = {};
  done();
};

/**
 * POSTs whose body has no required field (start a conversation, claim a handoff, activate a contract)
 * accept no body at all — none, an empty one, with or without a content type — as `{}`. Fastify
 * validates a missing body against the schema and refuses it otherwise. Register before the routes.
 */
export function acceptOmittedBodies(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (!bodyIsOptional(route.schema?.body)) return;
    const existing = route.preValidation;
    route.preValidation = [
      emptyBodyIsEmptyObject,
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ];
  });
}

/** The OpenAPI document says so too (@fastify/swagger marks every request body required). */
export function markOmittableBodies<T>(openapi: T): T {
  const paths = (openapi as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      const body = (
        op as { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }
      ).requestBody;
      const schema = body?.content?.["application/json"]?.schema;
      if (body && bodyIsOptional(schema)) body.required = false;
    }
  }
  return openapi;
}
