import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { GovernanceStatusView, governanceStatus } from "../../governance/index.js";
import { tenantPrincipal } from "../auth.js";
import { errorResponses } from "../errors.js";
import type { ServerDeps } from "../types.js";

/** Operators, support staff and auditors read the terms in force; nothing here changes anything. */
const READ = ["admin", "agent", "auditor"] as const;

/**
 * Data governance: the contract terms in force (retention, residency, notice days, billable events), the
 * residency check against this deployment's region (deps.region, from VOUCH_REGION), and how far
 * retention has been applied.
 */
export function registerGovernanceRoutes(root: FastifyInstance, deps: ServerDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const region = deps.region;

  app.get(
    "/v1/governance/status",
    {
      config: { access: READ, anyRegion: true },
      schema: {
        operationId: "getGovernanceStatus",
        tags: ["governance"],
        summary: "The contract terms in force for data, change and billing, residency and retention status",
        description:
          "Retention periods, residency, notice days and billable events of the contract in force (defaults when none is), how each is acted on, the residency term against this deployment's region (VOUCH_REGION), and how far the retention job has applied the periods, with its last run recorded in the ledger (`retention.apply`). See docs/governance.md.",
        response: { 200: GovernanceStatusView, ...errorResponses(401, 403) },
      },
    },
    async (request) => governanceStatus(deps, tenantPrincipal(request).tenantId, region),
  );
}
