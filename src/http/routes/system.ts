import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import Type from "typebox";
import { errorResponses } from "../errors.js";
import type { ServerDeps } from "../types.js";

export function registerSystemRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get(
    "/healthz",
    {
      config: { access: "public" },
      schema: {
        operationId: "getHealth",
        tags: ["system"],
        summary: "Liveness: the process is up",
        security: [],
        response: { 200: Type.Object({ status: Type.Literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      config: { access: "public" },
      schema: {
        operationId: "getReadiness",
        tags: ["system"],
        summary: "Readiness: the store answers",
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal("ready"), store: Type.String() }),
          ...errorResponses(500),
        },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.store.db);
      return { status: "ready" as const, store: deps.store.dialect };
    },
  );
  app.get("/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
