import type { Server } from "node:http";
import cors, { type FastifyCorsOptions } from "@fastify/cors";
import rateLimit, { normalizeIP } from "@fastify/rate-limit";
import type { FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VouchError } from "../shared/errors.js";
import type { Principal } from "../tenants/index.js";
import type { AuthGuard } from "./auth.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** @fastify/cors route-level options (its own types do not declare them). */
    cors?: FastifyCorsOptions | false;
  }
}

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
  /** The deployment's public URL: https turns HSTS on, and its origin counts as the API's own. */
  readonly publicUrl?: string | undefined;
}

/**
 * CORS for the routes a widget key may call, preflight included. A preflight carries no key, so the tenant is
 * unknown when it is answered: it reflects any origin, for the widget's methods and headers only, and the
 * tenant's `allowedOrigins` are enforced on the actual request (`admitted` below). Reflecting is safe here
 * because nothing is sent with credentials (no cookies): a page must hold a key to get anything.
 */
const WIDGET_CORS: FastifyCorsOptions = {
  origin: true,
  methods: ["GET", "POST"],
  allowedHeaders: [
    "authorization",
    "content-type",
    "idempotency-key",
    "x-api-key",
    "x-conversation-token",
    "x-request-id",
  ],
  exposedHeaders: ["retry-after", "x-request-id", "idempotent-replayed"],
  maxAge: 7200,
  strictPreflight: false,
};

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

const isHttps = (publicUrl: string | undefined) => publicUrl?.startsWith("https:") === true;

/**
 * The security headers of every response, chosen for a JSON API. Written out rather than taken from
 * @fastify/helmet: they are six fixed values, and the plugin rebuilds helmet's middleware on every request.
 */
function securityHeaders(opts: GuardOptions): Record<string, string> {
  return {
    // A JSON API renders nothing: no source of any kind, never framed. /docs sets its own (docsCspOptions).
    "content-security-policy":
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    // For browsers without frame-ancestors.
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // Binds only no-cors loads (an <img> or <script> on another site), so the widget's CORS calls still work.
    "cross-origin-resource-policy": "same-origin",
    // Browsers ignore HSTS over HTTP; sent only when the deployment says it is HTTPS. Not for subdomains:
    // they are the operator's other services, which this process cannot speak for.
    ...(isHttps(opts.publicUrl) ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/**
 * Options for @fastify/swagger-ui: /docs gets the plugin's own CSP (self-hosted scripts and styles with the
 * hashes of its inline parts), replacing the API's `default-src 'none'`, which would blank the page. Its
 * `upgrade-insecure-requests` is dropped unless the deployment is HTTPS: over plain HTTP (the quick start,
 * a LAN host) it would send every asset request to an https:// address that does not answer.
 */
export function docsCspOptions(opts: GuardOptions): {
  staticCSP: true;
  transformStaticCSP: (header: string) => string;
} {
  const https = isHttps(opts.publicUrl);
  return {
    staticCSP: true,
    transformStaticCSP: (header) => (https ? header : header.replace(/\s*upgrade-insecure-requests;?/, "")),
  };
}

/**
 * Security headers, CORS for the widget routes, the connection cap and the rate limits. Call before the
 * routes are registered (CORS marks the widget routes as they are added) and hand the result to registerAuth,
 * which applies the limits and the tenant's allowed origins once it knows who is calling.
 */
export async function registerGuard(app: FastifyInstance, opts: GuardOptions): Promise<AuthGuard> {
  const headers = securityHeaders(opts);
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // Responses carry transcripts and keys: no shared or browser cache keeps them unless a route says so.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    done(null, payload);
  });

  await app.register(cors, { origin: false });
  const preflightUrls = new Set<string>();
  app.addHook("onRoute", (route) => {
    const access = route.config?.access;
    if (!Array.isArray(access) || !access.includes("widget")) return;
    route.config = { ...route.config, cors: WIDGET_CORS };
    if (preflightUrls.has(route.url)) return;
    preflightUrls.add(route.url);
    // Its own OPTIONS route, so the router (not a hand-written matcher) decides which paths get a preflight
    // answer; every other path falls through to the plugin's OPTIONS * and answers 404.
    app.options(
      route.url,
      { config: { access: "public", cors: WIDGET_CORS }, schema: { hide: true } },
      async (_request, reply) => reply.code(204).send(),
    );
  });

  if (opts.connections) app.server.maxConnections = opts.connections.maxConnections;

  const origin = originRule(opts);
  const limits = opts.rateLimits;
  if (!limits) return { admitted: async (request, reply, principal) => origin(request, reply, principal) };
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
      origin(request, reply, principal);
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

/**
 * A tenant key used from a web page of another site (an `Origin` that is not the API's own) is refused unless
 * the tenant lists that origin. Requests without `Origin` (servers, the CLI, curl) are not browser requests
 * and pass; the rule stops other sites' pages from using a tenant's public widget key, not a determined
 * client, which can send any Origin it likes.
 */
function originRule(
  opts: GuardOptions,
): (request: FastifyRequest, reply: FastifyReply, principal: Principal) => void {
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : undefined;
  return (request, reply, principal) => {
    const origin = request.headers.origin;
    if (origin === undefined || principal.kind !== "tenant") return;
    if (origin === publicOrigin || origin === `${request.protocol}://${request.host}`) return;
    if (principal.tenant.settings.allowedOrigins?.includes(origin)) return;
    reply.removeHeader("access-control-allow-origin");
    throw new VouchError("ORIGIN_NOT_ALLOWED", `origin ${origin} is not in this tenant's allowedOrigins`, {
      origin,
    });
  };
}
