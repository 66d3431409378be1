import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../tenants/index.js";
import { validateSettings } from "../tenants/settings.js";
import {
  applyContractSettings,
  contractParameters,
  DEFAULT_CONTRACT_PARAMETERS,
  notBindingReason,
  termPosition,
} from "./contract-parameters.js";
import { parseContract } from "./parse-contract.js";

const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\nmetadata: { name: p }\n";

function params(body = "") {
  const r = parseContract(HEAD + body);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return contractParameters(r.contract);
}

describe("contractParameters", () => {
  it("applies the documented defaults to a contract that says nothing", () => {
    expect(params()).toEqual(DEFAULT_CONTRACT_PARAMETERS);
    expect(DEFAULT_CONTRACT_PARAMETERS.resolution).toEqual({ inactivityHours: 24, durabilityDays: 7 });
    expect(Object.isFrozen(DEFAULT_CONTRACT_PARAMETERS.escalation.payload)).toBe(true);
  });

  it("uses only the listed triggers, but always honours an explicit request for a human", () => {
    const p = params("escalation:\n  triggers:\n    - { kind: sensitive-topic, topics: [legal] }\n");
    expect(p.escalation).toMatchObject({
      explicitRequest: true,
      lowConfidence: null,
      repeatedFailureAttempts: null,
      sensitiveTopics: ["legal"],
      negativeSentiment: null,
    });
  });

  it("reads the term as the instants it binds between: the whole last day, in UTC", () => {
    const ends = params("term: { start: 2025-01-01, end: 2026-01-31, renewal: { kind: manual } }\n").term;
    expect(ends).toEqual({
      start: "2025-01-01",
      end: "2026-01-31",
      renewal: "manual",
      startsAt: Date.parse("2025-01-01T00:00:00Z"),
      endsAt: Date.parse("2026-02-01T00:00:00Z"),
    });
    expect(termPosition(ends, Date.parse("2024-12-31T23:59:59.999Z"))).toBe("before");
    expect(termPosition(ends, Date.parse("2025-01-01T00:00:00Z"))).toBe("within");
    expect(termPosition(ends, Date.parse("2026-01-31T23:59:59.999Z"))).toBe("within");
    expect(termPosition(ends, Date.parse("2026-02-01T00:00:00Z"))).toBe("ended");
    // Automatic renewal and an evergreen contract do not end by themselves; no term binds from the start.
    expect(
      params("term: { start: 2025-01-01, end: 2025-12-31, renewal: { kind: auto } }\n").term.endsAt,
    ).toBeNull();
    expect(params("term: { start: 2025-01-01 }\n").term.endsAt).toBeNull();
    expect(termPosition(params().term, 0)).toBe("within");
    const p = params("term: { start: 2025-01-01, end: 2026-01-31 }\n");
    expect(notBindingReason(p, Date.parse("2026-03-01T00:00:00Z"))).toMatch(/^its term ended on 2026-01-31 /);
    expect(notBindingReason(p, Date.parse("2024-03-01T00:00:00Z"))).toMatch(
      /^its term starts on 2025-01-01;/,
    );
    expect(notBindingReason(p, Date.parse("2025-03-01T00:00:00Z"))).toBeNull();
    expect(notBindingReason(null, 0)).toMatch(/no longer validates/);
  });

  it("never lets a contract turn on shared training: shared reads as tenant-only, none turns learning off", () => {
    expect(params("data: { trainingUse: shared }\n").learning).toBe("tenant-only");
    expect(params("data: { trainingUse: none }\n").learning).toBe("none");
  });

  it("collects billable events once, in catalogue order, and is frozen", () => {
    const p = params(
      'pricing:\n  currency: USD\n  charges:\n    - { billableEvent: message, model: per_unit, unitAmount: "0.01" }\n    - { billableEvent: resolution, model: per_unit, unitAmount: "1" }\n    - { billableEvent: message, model: per_unit, unitAmount: "0.02", name: extra }\n',
    );
    expect(p.billableEvents).toEqual(["resolution", "message"]);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.billableEvents)).toBe(true);
  });

  it("reads resolution windows, residency, retention and notice", () => {
    const p = params(
      "sla: { resolution: { inactivityHours: 12, durabilityDays: 14 } }\nchangeManagement: { noticeDays: 21 }\ndata:\n  residency: { region: uk, processing: in-region }\n  retentionDays: { conversations: 90 }\naudit: { retentionDays: 400 }\n",
    );
    expect(p.resolution).toEqual({ inactivityHours: 12, durabilityDays: 14 });
    expect(p).toMatchObject({
      noticeDays: 21,
      residency: "uk",
      processingInRegion: true,
      auditRetentionDays: 400,
    });
    expect(p.retentionDays).toMatchObject({ conversations: 90, personalData: null });
  });
});

describe("contractParameters().agentSettings: what the contract states, in the agent's settings' terms", () => {
  it("is empty when the contract states nothing about the agent", () => {
    expect(params().agentSettings).toEqual({});
    expect(params("escalation: { handoff: { target: inbox } }\n").agentSettings).toEqual({});
  });

  it("maps triggers and resolution windows", () => {
    const p = params(
      "sla: { resolution: { inactivityHours: 12, durabilityDays: 14 } }\nescalation:\n  triggers:\n    - { kind: low-confidence, threshold: 0.65 }\n    - { kind: repeated-failure, attempts: 3 }\n    - { kind: negative-sentiment, threshold: -0.55 }\n    - { kind: sensitive-topic, topics: [billing-dispute, medical_advice, hr] }\n",
    );
    expect(p.agentSettings).toEqual({
      confidenceThreshold: 0.65,
      maxFailures: 3,
      negativeSentimentThreshold: -6,
      sensitiveTopics: [
        { name: "billing_dispute", patterns: ["\\bbilling[\\s_-]*disputes?\\b"] },
        { name: "medical_advice", patterns: ["\\bmedical[\\s_-]*advices?\\b"] },
        { name: "hr", patterns: ["\\bhrs?\\b"] },
      ],
      inactivityWindowHours: 12,
      durabilityWindowDays: 14,
    });
    const [billing] = p.agentSettings.sensitiveTopics ?? [];
    const re = new RegExp(billing?.patterns[0] ?? "", "iu");
    expect(
      ["I want to open a Billing Dispute", "billing-disputes", "billing_dispute"].every((t) => re.test(t)),
    ).toBe(true);
    expect(re.test("rebilling disputed")).toBe(false);
  });

  it("reads the contract's 'below t' on -1–0 as the agent's 'at or below' a whole sentiment score", () => {
    const score = (t: number) =>
      params(`escalation:\n  triggers:\n    - { kind: negative-sentiment, threshold: ${t} }\n`).agentSettings
        .negativeSentimentThreshold;
    expect([score(0), score(-0.05), score(-0.4), score(-0.6), score(-0.7), score(-1)]).toEqual([
      -1, -1, -5, -7, -8, -11,
    ]);
  });
});

describe("contract values the runtime cannot apply are refused", () => {
  const problems = (body: string) => {
    const r = parseContract(HEAD + body);
    return r.ok ? [] : r.problems.map((p) => [p.code, p.path]);
  };
  it("bounds windows, attempts, sentiment and topic ids", () => {
    expect(problems("sla: { resolution: { inactivityHours: 721, durabilityDays: 0 } }\n")).toEqual([
      ["out-of-range", "sla.resolution.inactivityHours"],
      ["out-of-range", "sla.resolution.durabilityDays"],
    ]);
    expect(problems("sla: { resolution: { durabilityDays: 366 } }\n")).toEqual([
      ["out-of-range", "sla.resolution.durabilityDays"],
    ]);
    expect(
      problems(
        "escalation:\n  triggers:\n    - { kind: repeated-failure, attempts: 11 }\n    - { kind: negative-sentiment, threshold: 0.1 }\n    - { kind: sensitive-topic, topics: [Legal, a, ok-topic] }\n",
      ),
    ).toEqual([
      ["out-of-range", "escalation.triggers[0].attempts"],
      ["invalid-value", "escalation.triggers[2].topics[0]"],
      ["invalid-value", "escalation.triggers[2].topics[1]"],
    ]);
  });
});

describe("applyContractSettings: contract parameters → the agent's settings", () => {
  const example = (name: string) => {
    const r = parseContract(
      readFileSync(new URL(`../../examples/contracts/${name}.yaml`, import.meta.url), "utf8"),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return contractParameters(r.contract);
  };

  it("maps the careful buyer's contract onto the tenant's settings, within the settings' schema", () => {
    const params = example("careful-buyer");
    const settings = applyContractSettings(DEFAULT_SETTINGS, params);
    expect(settings).toMatchObject({
      confidenceThreshold: 0.55,
      maxFailures: 2,
      // "below -0.6" on the contract's -1–0 scale: the agent's AFINN score at or below -7.
      negativeSentimentThreshold: -7,
      inactivityWindowHours: 24,
      durabilityWindowDays: 7,
      humanRequestPatterns: DEFAULT_SETTINGS.humanRequestPatterns,
    });
    // The tenant's topics stay (with their tuned patterns); the contract adds the ones it lacks.
    expect(settings.sensitiveTopics.map((t) => t.name)).toEqual([
      "billing_dispute",
      "legal_threat",
      "security_incident",
      "data_deletion",
      "legal",
    ]);
    expect(settings.sensitiveTopics[0]).toBe(DEFAULT_SETTINGS.sensitiveTopics[0]);
    expect(validateSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
    expect(applyContractSettings(DEFAULT_SETTINGS, params)).toBe(settings);
    expect(applyContractSettings(DEFAULT_SETTINGS, undefined)).toBe(DEFAULT_SETTINGS);
  });

  it("leaves every setting the contract does not state to the tenant", () => {
    const params = example("vendor-standard");
    expect(params.agentSettings).toEqual({});
    const tuned = { ...DEFAULT_SETTINGS, confidenceThreshold: 0.72, durabilityWindowDays: 10 };
    expect(applyContractSettings(tuned, params)).toEqual(tuned);
  });
});
