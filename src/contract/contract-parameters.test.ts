import { describe, expect, it } from "vitest";
import { contractParameters, DEFAULT_CONTRACT_PARAMETERS } from "./contract-parameters.js";
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
