import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VouchError } from "../shared/errors.js";
import type { Store } from "../store/index.js";
import { authenticate, type KeyScope, type Principal } from "../tenants/index.js";

/** Who may call a route: anyone, the deployment operator, or tenant keys of the listed scopes. */
export type Access = "public" | "root" | readonly KeyScope[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  const header = request.headers["x-api-key"];
  return typeof header === "string" ? header : undefined;
}

/**
 * What the edge checks around authentication (rate limits, allowed origins; src/http/guard.ts). Each step
 * throws to refuse the request.
 */
export interface AuthGuard {
  /** A request to a route that needs no key. */
  anonymous?(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Before a presented key is checked. */
  beforeKey?(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** A key was missing, unknown, malformed or revoked. */
  keyFailed?(request: FastifyRequest): Promise<void>;
  /** A key authenticated (before its scope is checked against the route). */
  admitted?(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void>;
}

/**
 * Authentication runs on every request before the body is read, so an unauthenticated client cannot
 * make the server parse a large body. Unknown, malformed and revoked keys get the same 401.
 */
export function registerAuth(
  app: FastifyInstance,
  store: Store,
  rootKeyHash: string | undefined,
  guard: AuthGuard = {},
): void {
  app.decorateRequest("principal", undefined);
  app.addHook("onRequest", async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === "public") return guard.anonymous?.(request, reply);
    await guard.beforeKey?.(request, reply);
    const key = presentedKey(request);
    const principal = key ? await authenticate({ store }, key, rootKeyHash) : undefined;
    if (!principal) {
      await guard.keyFailed?.(request);
      throw new VouchError(
        "UNAUTHENTICATED",
        key ? "unknown or revoked API key" : "missing API key: send Authorization: Bearer <key>",
      );
    }
    request.principal = principal;
    await guard.admitted?.(request, reply, principal);
    if (access === "root") {
      if (principal.kind !== "root")
        throw new VouchError("FORBIDDEN", "this endpoint needs the deployment root key");
    } else if (principal.kind !== "tenant" || !access.includes(principal.scope)) {
      throw new VouchError("FORBIDDEN", `this endpoint needs a key with scope ${access.join(" or ")}`);
    }
  });
}

/** The tenant principal of an authenticated tenant route. */
export function tenantPrincipal(request: FastifyRequest): Extract<Principal, { kind: "tenant" }> {
  const p = request.principal;
  if (p?.kind !== "tenant") throw new VouchError("FORBIDDEN", "this endpoint needs a tenant API key");
  return p;
}
