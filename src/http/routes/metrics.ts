import type { FastifyInstance } from "fastify";
import { errorResponses } from "../errors.js";
import type { Metrics } from "../metrics.js";

/**
 * `GET /metrics` (Prometheus text format, for the deployment operator's root key) and the hooks that
 * count: every response by route pattern and status with its latency, and every decision a request made
 * (noted on the request by its route, `noteDecision`, so that the use cases stay free of metrics and the
 * customer's view, which hides decisions, still counts). A replayed idempotent response is not a new one.
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.decorateRequest("decisionMade", undefined);
  app.addHook("onResponse", (request, reply, done) => {
    const d = request.decisionMade;
    if (d && reply.statusCode < 300) metrics.countDecision(d.action, d.reason);
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
        operationId: "getMetrics",
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
