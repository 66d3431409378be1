import type { FastifyInstance } from "fastify";
import { outOfRegion, type Region, residencyRefused } from "../governance/index.js";
import { MINUTE } from "../shared/clock.js";
import type { StoreDeps } from "../store/index.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route holds no customer data (the contract and governance-status endpoints), so it answers even
     * on a deployment the tenant's residency term excludes: the operator can see why, and fix it.
     */
    anyRegion?: boolean;
  }
}

/**
 * Residency at the edge: once a request is authenticated, a tenant whose contract in force requires
 * in-region processing elsewhere than this deployment's region is refused with RESIDENCY_REFUSED, before
 * anything reads or writes its data (one cached lookup per request). Refusals are logged as errors, at most
 * once a minute per tenant with the number refused since, so a busy widget cannot flood the log.
 */
export function registerResidencyGate(
  app: FastifyInstance,
  deps: StoreDeps & { readonly region?: Region | undefined },
): void {
  const region = deps.region;
  if (region === undefined) return;
  const logged = new Map<string, { at: number; refused: number }>();
  app.addHook("onRequest", async (request) => {
    const p = request.principal;
    if (p?.kind !== "tenant" || request.routeOptions.config.anyRegion) return;
    const now = deps.clock.now();
    const check = await outOfRegion(deps, p.tenantId, region, now);
    if (!check) return;
    const last = logged.get(p.tenantId);
    if (!last || now - last.at >= MINUTE) {
      request.log.error(
        { tenant: p.tenantId, refused: (last?.refused ?? 0) + 1, ...check },
        `residency: refusing to process the tenant's data here: ${check.message}`,
      );
      logged.set(p.tenantId, { at: now, refused: 0 });
    } else {
      logged.set(p.tenantId, { at: last.at, refused: last.refused + 1 });
    }
    throw residencyRefused(check);
  });
}
