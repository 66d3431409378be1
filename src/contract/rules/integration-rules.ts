import { hit, type LintRule, type RuleHit } from "./rule.js";

const SCOPE = "Integration Requirements and Technical Accountability";

/** Rules on which integrations are in scope and how reliable they must be. */
export const INTEGRATION_RULES: readonly LintRule[] = [
  {
    id: "VCH501",
    name: "integrations-unclassified",
    severity: "warning",
    title: "Integrations are not classified as included, separately priced or roadmap",
    why: "Connectors that exist only on paper are a common gap between demo and production. Knowing which integrations are in the price, which cost extra and which are future work is the basis for judging total cost and readiness.",
    ask: "integrations listing each connector you rely on (helpdesk, CRM, billing, project tools) with its scope.",
    framework: SCOPE,
    check: (c): RuleHit[] => {
      if (!c.integrations) {
        return [
          hit([], "Which integrations are included, separately priced or only on the roadmap is not stated"),
        ];
      }
      return c.integrations.flatMap((integration, i) =>
        integration.scope === undefined
          ? [
              hit(
                ["integrations", i],
                `${integration.name} is not classified: included in the price, separately priced, or only on the roadmap?`,
              ),
            ]
          : [],
      );
    },
  },
  {
    id: "VCH502",
    name: "integration-without-slo",
    severity: "error",
    title: "An integration in use has no reliability objective",
    why: "The platform can meet its uptime while the connector to the helpdesk or CRM fails; from the customers' side the agent is offline. API reliability should be defined separately from platform uptime, per integration, with its own objective and remedies.",
    ask: "For each included or separately priced integration: an availability floor (successful / attempted calls) and p95 latency, in integrations[].reliability or as an integration_availability objective with credits.",
    framework: "API Reliability Standards",
    check: (c) => {
      const covered = new Set(
        (c.sla?.objectives ?? []).flatMap((o) =>
          o.metric === "integration_availability" && o.integration ? [o.integration] : [],
        ),
      );
      return (c.integrations ?? []).flatMap((integration, i): RuleHit[] =>
        integration.scope !== "roadmap" &&
        integration.reliability?.availability === undefined &&
        !covered.has(integration.name)
          ? [
              hit(
                ["integrations", i],
                `${integration.name} has no reliability objective: if the connector fails, the agent is offline for your customers while platform uptime is met`,
              ),
            ]
          : [],
      );
    },
  },
  {
    id: "VCH503",
    name: "roadmap-integration-undated",
    severity: "warning",
    title: "A roadmap integration has no promised date",
    why: "An integration 'on the roadmap' without a date is not a commitment. A date creates accountability and grounds for renegotiation if priorities shift.",
    ask: "integrations[].availableBy for every roadmap integration, and a matching roadmap commitment.",
    framework: "Roadmap Commitments and Capability SLAs",
    check: (c) =>
      (c.integrations ?? []).flatMap((integration, i): RuleHit[] =>
        integration.scope === "roadmap" && integration.availableBy === undefined
          ? [hit(["integrations", i], `${integration.name} is on the roadmap with no promised date`)]
          : [],
      ),
  },
];
