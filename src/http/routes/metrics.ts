import type { FastifyInstance } from "fastify";
import { errorResponses } from "../errors.js";
import type { Metrics } from "../metrics.js";

/** The decision in a response that carries an exchange (a customer message, feedback, a request for a person). */
function decisionIn(payload: unknown): { action: string; reason: string } | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const body = payload as { decision?: unknown; exchange?: { decision?: unknown } | null };
  const d = (body.exchange?.decision ?? body.decision) as { action?: unknown; reason?: unknown } | null;
  return typeof d?.action === "string" && typeof d.reason === "string"
    ? { action: d.action, reason: d.reason }
    : undefined;
}

/**
 * `GET /metrics` (Prometheus text format, for the deployment operator's root key) and the hooks that
 * count: every response by route pattern and status with its latency, and every decision a POST made,
 * read from the response at the edge so that the use cases stay free of metrics. A replayed idempotent
 * response is not a new decision.
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("preSerialization", (request, reply, payload, done) => {
    if (request.method === "POST" && reply.statusCode < 300 && !reply.hasHeader("idempotent-replayed")) {
      const d = decisionIn(payload);
      if (d) metrics.countDecision(d.action, d.reason);
    }
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? "unmatched",
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get(
    "/metrics",
    {
      config: { access: "root" },
      schema: {
        tags: ["system"],
        summary: "Prometheus metrics of this process (deployment root key)",
        description:
          "Requests by route and status with latency histograms, decisions by action and reason, background job runs and failures, open handoffs, ledger size, the embedded store's WAL size and process metrics. VOUCH_METRICS_PORT serves the same without a key on a separate listener.",
        response: {
          200: {
            description: "Prometheus text exposition format 0.0.4",
            content: { "text/plain": { schema: { type: "string" } } },
          },
          ...errorResponses(401, 403),
        },
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await metrics.scrape();
      return reply.type(contentType).send(body);
    },
  );
}
