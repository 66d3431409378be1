import type { ContractPath, PathSegment } from "./contract-path.js";
import type { PathProblem } from "./contract-problem.js";
import type {
  CreditTier,
  MetricName,
  PriceTier,
  PricingCharge,
  SlaObjective,
  SupportContract,
} from "./contract-schema.js";

/**
 * Validation beyond JSON Schema: rules that relate fields to each other (a floor's range depends on its
 * metric, a pilot must sit inside the term, tiers must follow each other). Runs only on documents that passed
 * the schema, so it can rely on types; every check returns a problem instead of throwing.
 */
export function checkContractSemantics(contract: SupportContract): PathProblem[] {
  return [
    ...checkTerm(contract),
    ...checkPilot(contract),
    ...checkObjectives(contract),
    ...checkCredits(contract),
    ...checkTermination(contract),
    ...checkTriggers(contract),
    ...checkIntegrations(contract),
    ...checkCharges(contract),
  ];
}

/** Longest rolling window accepted, in days. */
export const MAX_ROLLING_DAYS = 366;

/** The range a metric's values live in; latency is unbounded above. */
function metricRange(metric: MetricName): { min: number; max: number; unit: string } {
  if (metric === "csat") return { min: 1, max: 5, unit: "a 1–5 rating" };
  if (metric === "escalation_latency") return { min: 0, max: Number.POSITIVE_INFINITY, unit: "seconds" };
  return { min: 0, max: 1, unit: "a share between 0 and 1" };
}

/** Whether lower values of the metric are better (only latency). */
function lowerIsBetter(metric: MetricName): boolean {
  return metric === "escalation_latency";
}

/** Identifies an objective: one per metric, per integration for integration_availability. */
export function objectiveKey(o: {
  readonly metric: MetricName;
  readonly integration?: string | undefined;
}): string {
  return o.metric === "integration_availability" ? `${o.metric}:${o.integration ?? "?"}` : o.metric;
}

const problem = (code: PathProblem["code"], path: ContractPath, message: string): PathProblem => ({
  code,
  message,
  path,
});

function checkTerm(c: SupportContract): PathProblem[] {
  const term = c.term;
  if (!term?.end || term.end >= term.start) return [];
  return [
    problem("date-order", ["term", "end"], `the term ends (${term.end}) before it starts (${term.start})`),
  ];
}

function checkPilot(c: SupportContract): PathProblem[] {
  const pilot = c.pilot;
  if (!pilot) return [];
  const out: PathProblem[] = [];
  if (pilot.end < pilot.start) {
    out.push(
      problem(
        "date-order",
        ["pilot", "end"],
        `the pilot ends (${pilot.end}) before it starts (${pilot.start})`,
      ),
    );
  }
  const term = c.term;
  if (term && pilot.start < term.start) {
    out.push(
      problem(
        "pilot-outside-term",
        ["pilot", "start"],
        `the pilot starts (${pilot.start}) before the term (${term.start}); the pilot is part of the term`,
      ),
    );
  }
  if (term?.end && pilot.end > term.end) {
    out.push(
      problem(
        "pilot-outside-term",
        ["pilot", "end"],
        `the pilot ends (${pilot.end}) after the term (${term.end})`,
      ),
    );
  }
  const seen = new Set<string>();
  (pilot.successCriteria ?? []).forEach((criterion, i) => {
    const path: PathSegment[] = ["pilot", "successCriteria", i];
    out.push(...checkIntegrationBinding(criterion, path));
    const range = metricRange(criterion.metric);
    const t = criterion.threshold;
    if (t < range.min || t > range.max || (criterion.metric === "escalation_latency" && t <= 0)) {
      out.push(
        problem(
          "out-of-range",
          [...path, "threshold"],
          `threshold for ${criterion.metric} must be ${range.unit}${criterion.metric === "escalation_latency" ? " above 0" : ""}; got ${t}`,
        ),
      );
    }
    const key = objectiveKey(criterion);
    if (seen.has(key)) {
      out.push(problem("duplicate-entry", path, `a second success criterion for ${key.replace(":", " ")}`));
    }
    seen.add(key);
  });
  return out;
}

function checkIntegrationBinding(
  o: { readonly metric: MetricName; readonly integration?: string | undefined },
  path: ContractPath,
): PathProblem[] {
  if (o.metric === "integration_availability" && o.integration === undefined) {
    return [
      problem(
        "missing-key",
        [...path, "integration"],
        "integration_availability is measured per integration; name it with `integration`",
      ),
    ];
  }
  if (o.metric !== "integration_availability" && o.integration !== undefined) {
    return [
      problem(
        "not-applicable",
        [...path, "integration"],
        `\`integration\` applies to integration_availability only, not ${o.metric}`,
      ),
    ];
  }
  return [];
}

function checkWindow(window: string | undefined, path: ContractPath): PathProblem[] {
  const match = window ? /^rolling-(\d+)d$/.exec(window) : null;
  const n = match ? Number(match[1]) : 0;
  if (!match || n <= MAX_ROLLING_DAYS) return [];
  return [problem("invalid-window", path, `a rolling window is 1 to ${MAX_ROLLING_DAYS} days; got ${n}`)];
}

function checkObjectives(c: SupportContract): PathProblem[] {
  const out: PathProblem[] = [];
  const seen = new Set<string>();
  const listed = c.integrations ? new Set(c.integrations.map((i) => i.name)) : undefined;
  (c.sla?.objectives ?? []).forEach((o, i) => {
    const path: PathSegment[] = ["sla", "objectives", i];
    out.push(...checkObjectiveBounds(o, path));
    out.push(...checkIntegrationBinding(o, path));
    if (o.integration && listed && !listed.has(o.integration)) {
      out.push(
        problem(
          "unknown-integration",
          [...path, "integration"],
          `objective for ${o.integration}, which is not listed under integrations`,
        ),
      );
    }
    out.push(...checkWindow(o.window, [...path, "window"]));
    const m = o.measurement;
    if (m?.qaSampleSize !== undefined && o.metric !== "first_response_accuracy") {
      out.push(
        na([...path, "measurement", "qaSampleSize"], "qaSampleSize", "first_response_accuracy", o.metric),
      );
    }
    if (m?.reviewer !== undefined && o.metric !== "first_response_accuracy") {
      out.push(na([...path, "measurement", "reviewer"], "reviewer", "first_response_accuracy", o.metric));
    }
    if (m?.minimumResponses !== undefined && o.metric !== "csat") {
      out.push(na([...path, "measurement", "minimumResponses"], "minimumResponses", "csat", o.metric));
    }
    const key = `${objectiveKey(o)}:${o.percentile ?? ""}`;
    if (seen.has(key)) {
      out.push(
        problem(
          "duplicate-entry",
          path,
          `a second ${o.metric}${o.integration ? ` (${o.integration})` : ""} objective; state each objective once`,
        ),
      );
    }
    seen.add(key);
  });
  return out;
}

function na(path: ContractPath, field: string, appliesTo: string, metric: string): PathProblem {
  return problem("not-applicable", path, `\`${field}\` applies to ${appliesTo} only, not ${metric}`);
}

function checkObjectiveBounds(o: SlaObjective, path: ContractPath): PathProblem[] {
  const out: PathProblem[] = [];
  if (o.metric === "escalation_latency") {
    if (o.floor !== undefined) {
      out.push(
        problem(
          "not-applicable",
          [...path, "floor"],
          "escalation_latency is a time: state the highest acceptable value with `max` (seconds), not `floor`",
        ),
      );
    }
    if (o.max === undefined) {
      out.push(
        problem(
          "missing-key",
          [...path, "max"],
          "escalation_latency needs `max`: the slowest acceptable handoff, seconds",
        ),
      );
    }
    return out;
  }
  if (o.max !== undefined) {
    out.push(
      problem(
        "not-applicable",
        [...path, "max"],
        `\`max\` applies to escalation_latency only; ${o.metric} has a \`floor\``,
      ),
    );
  }
  if (o.percentile !== undefined) {
    out.push(na([...path, "percentile"], "percentile", "escalation_latency", o.metric));
  }
  if (o.floor === undefined) {
    out.push(
      problem(
        "missing-key",
        [...path, "floor"],
        `${o.metric} needs a \`floor\`: the lowest acceptable value`,
      ),
    );
    return out;
  }
  const range = metricRange(o.metric);
  if (o.floor < range.min || o.floor > range.max) {
    out.push(
      problem(
        "out-of-range",
        [...path, "floor"],
        `floor for ${o.metric} must be ${range.unit}; got ${o.floor}`,
      ),
    );
  }
  return out;
}

function checkCredits(c: SupportContract): PathProblem[] {
  const credits = c.sla?.credits;
  if (!credits?.tiers) return [];
  const out: PathProblem[] = [];
  const objectives = new Map((c.sla?.objectives ?? []).map((o) => [objectiveKey(o), o] as const));
  const groups = new Map<string, { tier: CreditTier; index: number; severity: number }[]>();
  credits.tiers.forEach((tier, i) => {
    const path: PathSegment[] = ["sla", "credits", "tiers", i];
    out.push(...checkIntegrationBinding(tier, path));
    const key = objectiveKey(tier);
    const objective = objectives.get(key);
    if (!objective) {
      out.push(
        problem(
          "unknown-objective",
          [...path, "metric"],
          `credit tier for ${key.replace(":", " ")}, but sla.objectives has no such objective to miss`,
        ),
      );
      return;
    }
    if (credits.cap !== undefined && tier.percent > credits.cap) {
      out.push(
        problem(
          "out-of-range",
          [...path, "percent"],
          `credit ${tier.percent}% is above the credit cap of ${credits.cap}%`,
        ),
      );
    }
    const lower = lowerIsBetter(tier.metric);
    const own = lower ? "above" : "below";
    const other = lower ? "below" : "above";
    if (tier[other] !== undefined) {
      out.push(
        problem(
          "not-applicable",
          [...path, other],
          `${tier.metric} credits apply when the value is ${own} a threshold; use \`${own}\`, not \`${other}\``,
        ),
      );
      return;
    }
    const limit = lower ? objective.max : objective.floor;
    const threshold = tier[own] ?? limit;
    if (threshold === undefined || limit === undefined) return;
    const range = metricRange(tier.metric);
    if (threshold < range.min || threshold > range.max) {
      out.push(
        problem(
          "out-of-range",
          [...path, own],
          `threshold for ${tier.metric} must be ${range.unit}; got ${threshold}`,
        ),
      );
      return;
    }
    if (lower ? threshold < limit : threshold > limit) {
      out.push(
        problem(
          "out-of-range",
          [...path, own],
          `credit threshold ${threshold} is on the wrong side of the objective (${lower ? "max" : "floor"} ${limit}): credits would be owed while the objective is met`,
        ),
      );
      return;
    }
    // Severity grows as the value moves away from the objective.
    const severity = lower ? threshold : -threshold;
    const group = groups.get(key) ?? [];
    group.push({ tier, index: i, severity });
    groups.set(key, group);
  });
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.severity - b.severity || a.index - b.index);
    for (let k = 1; k < sorted.length; k++) {
      const milder = sorted[k - 1];
      const worse = sorted[k];
      if (!milder || !worse) continue;
      if (worse.severity === milder.severity) {
        out.push(
          problem(
            "duplicate-entry",
            ["sla", "credits", "tiers", worse.index],
            `two credit tiers for ${worse.tier.metric} at the same threshold`,
          ),
        );
      } else if (worse.tier.percent < milder.tier.percent) {
        out.push(
          problem(
            "credit-order",
            ["sla", "credits", "tiers", worse.index, "percent"],
            `a worse miss of ${worse.tier.metric} earns less credit (${worse.tier.percent}%) than a milder one (${milder.tier.percent}%, tier ${milder.index + 1}); credits must not fall as performance falls`,
          ),
        );
      }
    }
  }
  return out;
}

function checkTermination(c: SupportContract): PathProblem[] {
  const t = c.sla?.termination;
  if (!t) return [];
  const base = ["sla", "termination"] as const;
  const out: PathProblem[] = [];
  if (t.breaches !== undefined && t.ofLastPeriods === undefined) {
    out.push(
      problem(
        "missing-key",
        [...base, "ofLastPeriods"],
        "`breaches` (M) needs `ofLastPeriods` (K): M of the last K periods",
      ),
    );
  }
  if (t.ofLastPeriods !== undefined && t.breaches === undefined) {
    out.push(
      problem(
        "missing-key",
        [...base, "breaches"],
        "`ofLastPeriods` (K) needs `breaches` (M): M of the last K periods",
      ),
    );
  }
  if (t.breaches !== undefined && t.ofLastPeriods !== undefined && t.breaches > t.ofLastPeriods) {
    out.push(
      problem(
        "termination-window",
        [...base, "breaches"],
        `${t.breaches} breaches cannot happen within the last ${t.ofLastPeriods} periods: M must not exceed K`,
      ),
    );
  }
  if (t.consecutiveBreaches === undefined && t.breaches === undefined && t.ofLastPeriods === undefined) {
    out.push(
      problem(
        "missing-key",
        [...base, "consecutiveBreaches"],
        "termination needs `consecutiveBreaches` (N periods in a row) or `breaches` with `ofLastPeriods` (M of the last K)",
      ),
    );
  }
  const objectives = new Set((c.sla?.objectives ?? []).map((o) => o.metric));
  (t.metrics ?? []).forEach((m, i) => {
    if (!objectives.has(m)) {
      out.push(
        problem(
          "unknown-objective",
          [...base, "metrics", i],
          `termination counts ${m}, but sla.objectives has no ${m} objective`,
        ),
      );
    }
  });
  return out;
}

function checkTriggers(c: SupportContract): PathProblem[] {
  const out: PathProblem[] = [];
  const seen = new Set<string>();
  (c.escalation?.triggers ?? []).forEach((t, i) => {
    const path: PathSegment[] = ["escalation", "triggers", i];
    if (seen.has(t.kind))
      out.push(problem("duplicate-entry", path, `a second ${t.kind} trigger; state each trigger once`));
    seen.add(t.kind);
    const needs = {
      "low-confidence": "threshold",
      "negative-sentiment": "threshold",
      "repeated-failure": "attempts",
      "sensitive-topic": "topics",
      "explicit-request": undefined,
    }[t.kind];
    for (const field of ["threshold", "attempts", "topics"] as const) {
      if (t[field] !== undefined && field !== needs) {
        out.push(
          problem("not-applicable", [...path, field], `\`${field}\` does not apply to a ${t.kind} trigger`),
        );
      }
    }
    if (needs && t[needs as "threshold" | "attempts" | "topics"] === undefined) {
      out.push(problem("missing-key", [...path, needs], `a ${t.kind} trigger needs \`${needs}\``));
    }
    if (t.threshold !== undefined && needs === "threshold") {
      // A negative-sentiment threshold above 0 would escalate neutral messages: its range is -1 to 0.
      const [min, max] = t.kind === "low-confidence" ? [0, 1] : [-1, 0];
      if (t.threshold < min || t.threshold > max) {
        out.push(
          problem(
            "out-of-range",
            [...path, "threshold"],
            `${t.kind} threshold must be between ${min} and ${max}; got ${t.threshold}`,
          ),
        );
      }
    }
  });
  return out;
}

function checkIntegrations(c: SupportContract): PathProblem[] {
  const out: PathProblem[] = [];
  const seen = new Set<string>();
  (c.integrations ?? []).forEach((integration, i) => {
    if (seen.has(integration.name)) {
      out.push(
        problem("duplicate-entry", ["integrations", i, "name"], `${integration.name} is listed twice`),
      );
    }
    seen.add(integration.name);
    out.push(...checkWindow(integration.reliability?.window, ["integrations", i, "reliability", "window"]));
  });
  return out;
}

function checkCharges(c: SupportContract): PathProblem[] {
  const out: PathProblem[] = [];
  const names = new Set<string>();
  (c.pricing?.charges ?? []).forEach((charge, i) => {
    const path: PathSegment[] = ["pricing", "charges", i];
    if (charge.name !== undefined) {
      if (names.has(charge.name))
        out.push(problem("duplicate-entry", [...path, "name"], `a second charge named "${charge.name}"`));
      names.add(charge.name);
    }
    out.push(...checkChargeFields(charge, path));
    if (charge.tiers && (charge.model === "graduated" || charge.model === "volume")) {
      out.push(...checkTiers(charge.tiers, [...path, "tiers"]));
    }
  });
  return out;
}

const CHARGE_FIELDS: Record<
  PricingCharge["model"],
  { required: readonly string[]; allowed: readonly string[] }
> = {
  per_unit: { required: ["unitAmount"], allowed: ["unitAmount"] },
  graduated: { required: ["tiers"], allowed: ["tiers"] },
  volume: { required: ["tiers"], allowed: ["tiers"] },
  package: { required: ["unitAmount", "packageSize"], allowed: ["unitAmount", "packageSize", "rounding"] },
};

const MODEL_SPECIFIC = ["unitAmount", "tiers", "packageSize", "rounding"] as const;

function checkChargeFields(charge: PricingCharge, path: ContractPath): PathProblem[] {
  const out: PathProblem[] = [];
  const spec = CHARGE_FIELDS[charge.model];
  for (const field of MODEL_SPECIFIC) {
    const present = charge[field] !== undefined;
    if (present && !spec.allowed.includes(field)) {
      out.push(
        problem("not-applicable", [...path, field], `\`${field}\` does not apply to ${charge.model} pricing`),
      );
    }
    if (!present && spec.required.includes(field)) {
      out.push(problem("missing-key", [...path, field], `${charge.model} pricing needs \`${field}\``));
    }
  }
  return out;
}

/**
 * Stripe tier rules: each `upTo` is above the previous one (a tier starts one unit above the previous tier's
 * `upTo`, so equal bounds would overlap and lower bounds are out of order), only the last tier is unbounded,
 * and the last tier must be unbounded so every quantity has a price.
 */
export function checkTiers(tiers: readonly PriceTier[], path: ContractPath): PathProblem[] {
  const out: PathProblem[] = [];
  let previous: number | undefined;
  tiers.forEach((tier, k) => {
    const at = [...path, k, "upTo"];
    const last = k === tiers.length - 1;
    if (tier.upTo === null) {
      if (!last) {
        out.push(
          problem(
            "tier-unbounded-not-last",
            at,
            `tier ${k + 1} has no upper bound (upTo: null) but tiers follow it; only the last tier may be unbounded`,
          ),
        );
      }
      previous = undefined;
      return;
    }
    if (previous !== undefined && tier.upTo <= previous) {
      out.push(
        problem(
          "tier-order",
          at,
          tier.upTo === previous
            ? `tier ${k + 1} ends at ${tier.upTo}, where tier ${k} ends: tiers overlap (tier ${k + 1} starts at ${previous + 1})`
            : `tier ${k + 1} ends at ${tier.upTo}, below tier ${k}'s end (${previous}): tiers are out of order`,
        ),
      );
    }
    if (last) {
      out.push(
        problem(
          "tier-last-bounded",
          at,
          `the last tier ends at ${tier.upTo}, so usage above ${tier.upTo} has no price; make the last tier \`upTo: null\``,
        ),
      );
    }
    previous = previous === undefined ? tier.upTo : Math.max(previous, tier.upTo);
  });
  return out;
}
