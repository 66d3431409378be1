import { objectiveKey } from "../check-contract-semantics.js";
import {
  type MetricName,
  OUTCOME_METRICS,
  type SlaObjective,
  type SupportContract,
} from "../contract-schema.js";
import { hit, type LintRule, type RuleHit, when } from "./rule.js";

const SLA_FRAMEWORK = "Performance SLAs That Reflect Actual Support Outcomes";

const objectives = (c: SupportContract) => c.sla?.objectives ?? [];
const isOutcome = (o: SlaObjective) => OUTCOME_METRICS.includes(o.metric);

function objectivesPath(c: SupportContract) {
  return c.sla?.objectives ? ["sla", "objectives"] : ["sla"];
}

function describeObjective(o: SlaObjective): string {
  if (o.metric === "escalation_latency") return `escalation_latency max ${o.max ?? "?"}s`;
  return `${o.metric}${o.integration ? ` (${o.integration})` : ""} floor ${o.floor ?? "?"}`;
}

/** Whether missing the objective costs the vendor something: a credit tier or a count toward termination. */
function hasRemedy(c: SupportContract, o: SlaObjective): boolean {
  const key = objectiveKey(o);
  const credited = (c.sla?.credits?.tiers ?? []).some((t) => objectiveKey(t) === key);
  const termination = c.sla?.termination;
  const terminable = termination !== undefined && (termination.metrics?.includes(o.metric) ?? true);
  return credited || terminable;
}

function missingMetric(
  id: string,
  name: string,
  metric: MetricName,
  title: string,
  why: string,
  ask: string,
): LintRule {
  return {
    id,
    name,
    severity: "warning",
    title,
    why,
    ask,
    framework: SLA_FRAMEWORK,
    check: (c) => when(!objectives(c).some((o) => o.metric === metric), objectivesPath(c), title),
  };
}

/** Rules on outcome service levels, their measurement and their remedies. */
export const SLA_RULES: readonly LintRule[] = [
  {
    id: "VCH101",
    name: "uptime-only",
    severity: "error",
    title: "Only uptime is promised: the vendor meets the contract while resolution quality degrades",
    why: "An AI agent can stay 99.9% available while its answers get vaguer, its resolution rate falls and its escalations stall, for example after a silent model or prompt change. Uptime is necessary but says nothing about what the agent accomplishes, so an uptime-only SLA leaves the buyer with no contractual standard for the thing they are buying.",
    ask: "Outcome objectives with floors: resolution rate, first-response accuracy (on a reviewed QA sample), escalation latency and CSAT, each with a measurement window and a remedy.",
    framework: SLA_FRAMEWORK,
    check: (c) => {
      const all = objectives(c);
      if (all.some(isOutcome)) return [];
      const message =
        all.length > 0
          ? `Only availability is promised (${all.map((o) => o.metric).join(", ")}): the vendor meets this contract while answers get worse, resolutions fall and escalations stall`
          : "No service levels at all: nothing the vendor promises about the agent can be missed";
      return [hit(objectivesPath(c), message)];
    },
  },
  {
    id: "VCH102",
    name: "outcome-without-remedy",
    severity: "error",
    title: "An outcome metric has no remedy: missing it costs the vendor nothing",
    why: "A floor without a consequence is a target, not a promise. The framework asks that outcome SLAs be tied to remedies (service credits, enhanced support obligations or termination rights) when performance falls below the floor, otherwise the vendor is only obliged to keep the lights on.",
    ask: "For each outcome objective, service-credit tiers (percent of the period's fees, growing with the size of the miss) and inclusion in the sustained-breach termination right.",
    framework: SLA_FRAMEWORK,
    check: (c) =>
      objectives(c).flatMap((o, i): RuleHit[] =>
        isOutcome(o) && !hasRemedy(c, o)
          ? [
              hit(
                ["sla", "objectives", i],
                `${describeObjective(o)} has no remedy: missing it earns no service credit and counts toward no termination right`,
              ),
            ]
          : [],
      ),
  },
  {
    id: "VCH103",
    name: "no-sustained-breach-termination",
    severity: "error",
    title: "No right to terminate for sustained underperformance",
    why: "Service credits compensate a bad month; they do not get the buyer out of a system that keeps underperforming. Without a termination right tied to sustained breach, the buyer is locked in until the term ends however poor the outcomes, and loses its negotiating leverage.",
    ask: "The right to terminate without penalty, with prepaid fees refunded, after N consecutive periods below a floor or M of the last K periods.",
    framework: "Exit Rights and Data Portability",
    check: (c) => {
      const t = c.sla?.termination;
      if (!t) {
        return [
          hit(
            c.sla ? ["sla"] : [],
            "No right to terminate for sustained underperformance: if outcomes stay below the floors period after period, you are locked in until the term ends",
          ),
        ];
      }
      return when(
        t.penalty === "early-termination-fee",
        ["sla", "termination", "penalty"],
        "Terminating for the vendor's sustained underperformance costs you an early-termination fee",
      );
    },
  },
  missingMetric(
    "VCH104",
    "no-resolution-rate-objective",
    "resolution_rate",
    "No resolution-rate objective: the share of conversations the agent actually resolves is not promised",
    "Resolution rate (durable resolutions over eligible conversations) is the outcome the buyer pays for. Without a floor, the agent can resolve ever fewer tickets, pushing the work back onto the support team, without breaching anything.",
    "A resolution_rate floor per calendar month, measured on durable resolutions (not reopened within the durability window), with credits and termination rights.",
  ),
  missingMetric(
    "VCH105",
    "no-accuracy-objective",
    "first_response_accuracy",
    "No first-response accuracy objective: wrong answers are not measured against any standard",
    "An agent can close conversations with confident, wrong answers; resolution rate alone rewards that. First-response accuracy, judged by reviewers on a random sample, is the check that the answers customers act on are correct.",
    "A first_response_accuracy floor measured on a random QA sample of first AI answers of stated size, with who reviews, reported with its confidence interval.",
  ),
  missingMetric(
    "VCH106",
    "no-escalation-objective",
    "escalation_latency",
    "No escalation-latency objective: how fast a customer reaches a human after the AI gives up is not promised",
    "The moment the AI hands over is when a customer is already frustrated. If handoffs queue or get lost, customers wait in silence; an escalation-latency objective makes delivery of the handoff a measured promise.",
    "An escalation_latency maximum (p95, seconds from the escalation decision to the handoff being delivered), with credits.",
  ),
  missingMetric(
    "VCH107",
    "no-csat-objective",
    "csat",
    "No CSAT floor: customer satisfaction with AI-handled conversations can fall without consequence",
    "CSAT on AI-handled conversations, compared with the human-handled baseline, is the customer's own verdict on the agent. Without a floor the vendor can trade satisfaction for deflection.",
    "A csat floor (1–5) on AI-handled conversations with a minimum number of responses per period.",
  ),
  {
    id: "VCH108",
    name: "measurement-undefined",
    severity: "warning",
    title: "How an outcome metric is measured is not defined, so the vendor can count it its own way",
    why: "A floor is only as good as its measurement: which conversations are eligible, the minimum sample for a period to count, who computes the number. Left undefined, the vendor defines and counts resolution, and disputes about credits become disputes about arithmetic.",
    ask: "For each objective: the source of the numbers (ideally computed from a ledger the buyer can verify), the minimum sample per period, and for accuracy and CSAT the sample or response counts.",
    framework: SLA_FRAMEWORK,
    check: (c) =>
      objectives(c).flatMap((o, i): RuleHit[] =>
        isOutcome(o) && o.measurement === undefined && o.metric !== "first_response_accuracy"
          ? [
              hit(
                ["sla", "objectives", i],
                `How ${o.metric} is measured is not defined (source, minimum sample): the vendor can count it its own way`,
              ),
            ]
          : [],
      ),
  },
  {
    id: "VCH109",
    name: "accuracy-without-qa-sample",
    severity: "error",
    title: "Accuracy is promised without a QA sample, so it cannot be checked",
    why: "First-response accuracy is correct answers over reviewed answers. Without a stated random sample size per period (and who reviews), the vendor can review a handful of easy conversations, or none, and report any number.",
    ask: "measurement.qaSampleSize (first answers drawn at random and reviewed each period), the reviewer, and the floor compared with the Wilson 95% interval.",
    framework: SLA_FRAMEWORK,
    check: (c) =>
      objectives(c).flatMap((o, i): RuleHit[] =>
        o.metric === "first_response_accuracy" && o.measurement?.qaSampleSize === undefined
          ? [
              hit(
                o.measurement ? ["sla", "objectives", i, "measurement"] : ["sla", "objectives", i],
                "first_response_accuracy has no QA sample size: without a stated number of randomly sampled, reviewed answers per period, accuracy cannot be checked",
              ),
            ]
          : [],
      ),
  },
  {
    id: "VCH110",
    name: "vendor-measured",
    severity: "warning",
    title: "A metric is measured only by the vendor's own report",
    why: "When the party that owes credits is also the one that counts, every breach is negotiable. Metrics computed from records the buyer can verify (or by an independent party) remove the conflict.",
    ask: "measurement.source: vouch (computed from the verifiable ledger), customer or independent, with the buyer's right to recompute.",
    framework: SLA_FRAMEWORK,
    check: (c) =>
      objectives(c).flatMap((o, i): RuleHit[] =>
        o.measurement?.source === "vendor"
          ? [
              hit(
                ["sla", "objectives", i, "measurement", "source"],
                `${o.metric} is measured by the vendor's own report: the party that owes the credits decides whether they are owed`,
              ),
            ]
          : [],
      ),
  },
  {
    id: "VCH111",
    name: "resolution-undefined",
    severity: "warning",
    title: "When a conversation counts as resolved is not defined in the contract",
    why: "Resolution rate and per-resolution charges both hinge on what a resolution is: how long the customer must stay silent before one is assumed, and how long before it is durable (a reopen reverses it, and its charge). A vendor-side definition can count a customer who gave up as a resolution.",
    ask: "sla.resolution with the inactivity window (hours) and the durability window (days) in which a reopen reverses the resolution and any charge for it.",
    framework: "Pricing Structures and Hidden Cost Traps",
    check: (c) => {
      const uses =
        objectives(c).some((o) => o.metric === "resolution_rate") ||
        (c.pricing?.charges ?? []).some((ch) => ch.billableEvent === "resolution");
      return when(
        uses && c.sla?.resolution === undefined,
        c.sla ? ["sla"] : [],
        "The contract relies on resolutions but does not define one (inactivity and durability windows): a customer who gave up can count as resolved",
      );
    },
  },
];
