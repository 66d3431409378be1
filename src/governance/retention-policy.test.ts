import { describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT_PARAMETERS } from "../contract/index.js";
import { DAY, HOUR } from "../shared/clock.js";
import {
  addCounts,
  countsFrom,
  countTotal,
  IDEMPOTENCY_REPLAY_MS,
  isTombstone,
  NO_RETENTION,
  retentionCutoffs,
  retentionPolicy,
  tombstone,
  ZERO_COUNTS,
} from "./retention-policy.js";

const NOW = Date.UTC(2026, 0, 5);
const policy = (conversations: number | null, personalData: number | null, trainingData: number | null) => ({
  conversations,
  personalData,
  trainingData,
});

describe("retention policy", () => {
  it("keeps everything without a contract or where the contract is silent", () => {
    expect(retentionPolicy(undefined)).toEqual(NO_RETENTION);
    expect(retentionPolicy(DEFAULT_CONTRACT_PARAMETERS)).toEqual(NO_RETENTION);
    expect(retentionCutoffs(NO_RETENTION, NOW)).toEqual({
      conversations: null,
      personalData: null,
      trainingData: null,
      idempotency: null,
    });
  });

  it("applies personal data's period only when shorter than the conversations'", () => {
    expect(retentionCutoffs(policy(730, 365, 730), NOW)).toMatchObject({
      conversations: NOW - 730 * DAY,
      personalData: NOW - 365 * DAY,
      trainingData: NOW - 730 * DAY,
      idempotency: NOW - 365 * DAY,
    });
    expect(retentionCutoffs(policy(30, 365, null), NOW)).toMatchObject({
      conversations: NOW - 30 * DAY,
      personalData: null,
      idempotency: NOW - 30 * DAY,
    });
    expect(retentionCutoffs(policy(null, 10, null), NOW)).toMatchObject({
      conversations: null,
      personalData: NOW - 10 * DAY,
    });
  });

  it("never drops a stored idempotent response within the replay window", () => {
    expect(retentionCutoffs(policy(0, 0, 0), NOW)).toMatchObject({
      conversations: NOW,
      idempotency: NOW - IDEMPOTENCY_REPLAY_MS,
    });
    expect(IDEMPOTENCY_REPLAY_MS).toBe(24 * HOUR);
    expect(retentionCutoffs(policy(null, null, 5), NOW).idempotency).toBeNull();
  });

  it("tombstones name the policy and are recognised", () => {
    expect(tombstone(730)).toBe("[removed: retention policy, 730 days]");
    expect(isTombstone(tombstone(1))).toBe(true);
    expect(isTombstone("removed: retention policy")).toBe(false);
  });

  it("counts add up and read back defensively", () => {
    const c = addCounts(ZERO_COUNTS, { messages: 3, conversations: 1 });
    expect(countTotal(addCounts(c, { messages: 2 }))).toBe(6);
    expect(countsFrom({ messages: 2, bogus: 5, conversations: -1, handoffs: 1.5 })).toEqual({
      ...ZERO_COUNTS,
      messages: 2,
    });
    expect(countsFrom(null)).toEqual(ZERO_COUNTS);
  });
});
