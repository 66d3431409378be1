import Fastify from "fastify";
import { VouchError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { sendError } from "./errors.js";
import type { Metrics } from "./metrics.js";

/** A listener that serves nothing but the metrics. */
export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` without a key, on a port of its own (VOUCH_METRICS_PORT): for a Prometheus that scrapes
 * an internal address the public one does not expose, and for `vouch worker`, which has no API to put
 * `/metrics` on. Everything else answers 404 in the API's error format.
 */
export async function listenForMetrics(
  metrics: Metrics,
  opts: { readonly port: number; readonly host: string },
): Promise<MetricsListener> {
  const app = Fastify({ genReqId: () => newId("request") });
  app.setErrorHandler((err, request, reply) =>
    sendError(err instanceof Error ? err : new Error(String(err)), request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(new VouchError("ROUTE_NOT_FOUND", "this listener serves only GET /metrics"), request, reply),
  );
  app.get("/metrics", async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
  const address = await app.listen(opts);
  return { url: `${address}/metrics`, close: () => app.close() };
}
