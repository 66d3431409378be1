import type { Server } from "node:http";
import rateLimit, { normalizeIP } from "@fastify/rate-limit";
import type { FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VouchError } from "../shared/errors.js";
import type { AuthGuard } from "./auth.js";

/**
 * Requests allowed per window, counted in this process's memory (each process behind a load balancer counts
 * its own). See README "Running in production" for the reasoning behind the defaults.
 */
export interface RateLimits {
  readonly windowMs: number;
  /** Failed authentications per client address; beyond them every keyed request from it is refused. */
  readonly authFailuresPerIp: number;
  /** Requests per admin, agent, auditor or root key. */
  readonly perKey: number;
  /** Requests per widget key and client address (a widget key is public and shared by every end customer). */
  readonly widgetPerIp: number;
  /** Requests without a key (health, docs, public keys, unknown routes) per client address. */
  readonly anonymousPerIp: number;
}

/** The Node HTTP server's deadlines and connection cap. */
export interface ConnectionLimits {
  /** A client must send its request headers within this time (slow headers: 408, then closed). */
  readonly headersTimeoutMs: number;
  /** …and its whole request, body included, within this time. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (a backstop; 0: none). */
  readonly connectionTimeoutMs: number;
  /** Connections beyond this many are closed as soon as they are accepted. */
  readonly maxConnections: number;
}

/**
 * Proxies whose X-Forwarded-* headers are believed: addresses, CIDR ranges and proxy-addr's names (`loopback`,
 * `linklocal`, `uniquelocal`). Not `true` nor a hop count: either would let a client that reaches the server
 * directly choose its own address, and with it escape every per-address limit.
 */
export type TrustProxy = readonly string[];

export interface GuardOptions {
  /** Undefined: no rate limits (in-process tests and tools); `vouch serve` always passes them unless off. */
  readonly rateLimits?: RateLimits | undefined;
  /** Undefined: Node's and Fastify's defaults. */
  readonly connections?: ConnectionLimits | undefined;
  /** Undefined: X-Forwarded-* headers are ignored and the client address is the socket's. */
  readonly trustProxy?: TrustProxy | undefined;
}

// An LRU bound per limiter: past it the least recently seen client's count is forgotten (it fails open).
// @fastify/rate-limit reads `cache` from these options at run time; its createRateLimit type omits it.
const LIMITER_ENTRIES: object = { cache: 50_000 };

/** Fastify constructor options: proxy trust and the Node server's deadlines. */
export function serverOptionsFor(
  opts: GuardOptions,
): Pick<
  FastifyHttpOptions<Server>,
  "trustProxy" | "connectionTimeout" | "keepAliveTimeout" | "requestTimeout" | "http"
> {
  const c = opts.connections;
  const trust = opts.trustProxy;
  return {
    ...(trust === undefined ? {} : { trustProxy: [...trust] }),
    ...(c === undefined
      ? {}
      : {
          connectionTimeout: c.connectionTimeoutMs,
          keepAliveTimeout: c.keepAliveTimeoutMs,
          requestTimeout: c.requestTimeoutMs,
          http: {
            headersTimeout: c.headersTimeoutMs,
            // Node checks the header and request deadlines only this often (30 s by default, so a slow client
            // would outlive its deadline by up to that): a quarter of the shorter deadline bounds the overrun.
            connectionsCheckingInterval: Math.max(
              10,
              Math.floor(Math.min(c.headersTimeoutMs, c.requestTimeoutMs) / 4),
            ),
          },
        }),
  };
}

/**
 * The connection cap and the rate limits. Hand the result to registerAuth, which applies the limits once it
 * knows who is calling.
 */
export async function registerGuard(app: FastifyInstance, opts: GuardOptions): Promise<AuthGuard> {
  if (opts.connections) app.server.maxConnections = opts.connections.maxConnections;

  const limits = opts.rateLimits;
  if (!limits) return {};
  await app.register(rateLimit, { global: false });
  const limiter = (max: number, keyGenerator?: (request: FastifyRequest) => string) =>
    app.createRateLimit({
      max,
      timeWindow: limits.windowMs,
      ...LIMITER_ENTRIES,
      ...(keyGenerator ? { keyGenerator } : {}),
    });
  const failures = limiter(limits.authFailuresPerIp);
  const keyOf = (request: FastifyRequest) =>
    request.principal?.kind === "tenant" ? request.principal.keyId : "root";
  const perKey = limiter(limits.perKey, keyOf);
  const widget = limiter(limits.widgetPerIp, (request) => `${keyOf(request)} ${normalizeIP(request.ip)}`);
  const anonymous = limiter(limits.anonymousPerIp);

  return {
    anonymous: async (request, reply) => {
      const r = await anonymous(request);
      if (!r.isAllowed && r.isExceeded) refuse(reply, "anonymous", r.ttlInSeconds);
    },
    // A client past its failures is refused even with a good key: otherwise its guesses would still be told
    // apart (429 for a wrong one, 200 for the right one).
    beforeKey: async (request, reply) => {
      const r = await failures(request, { increment: false });
      if (!r.isAllowed && r.remaining === 0 && r.ttl > 0) refuse(reply, "auth_failures", r.ttlInSeconds);
    },
    keyFailed: async (request) => {
      await failures(request);
    },
    admitted: async (request, reply, principal) => {
      const isWidget = principal.kind === "tenant" && principal.scope === "widget";
      const r = await (isWidget ? widget : perKey)(request);
      if (!r.isAllowed && r.isExceeded) refuse(reply, isWidget ? "widget" : "key", r.ttlInSeconds);
    },
  };
}

function refuse(reply: FastifyReply, limit: string, retryAfterSeconds: number): never {
  const seconds = Math.max(1, retryAfterSeconds);
  reply.header("retry-after", String(seconds));
  throw new VouchError("RATE_LIMITED", `too many requests; retry in ${seconds} s`, {
    limit,
    retryAfterSeconds: seconds,
  });
}
