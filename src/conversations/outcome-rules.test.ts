import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "../shared/clock.js";
import { dueTransitions, type OutcomeFacts } from "./outcome-rules.js";

const w = { inactivityMs: 24 * HOUR, durabilityMs: 7 * DAY };
const base: OutcomeFacts = {
  state: "pending",
  eligible: true,
  resolvedAt: null,
  durableAt: null,
  lastMessageAt: 1_000_000,
  lastRole: "ai",
  lastAiAction: "answer",
};

describe("outcome rules", () => {
  it("nothing is due before the inactivity window ends", () => {
    expect(dueTransitions(base, w, base.lastMessageAt + 24 * HOUR - 1)).toEqual([]);
  });

  it("an idle conversation that ended on an AI answer is resolved at the answer's time", () => {
    expect(dueTransitions(base, w, base.lastMessageAt + 24 * HOUR)).toEqual([
      { kind: "resolved", at: base.lastMessageAt + 24 * HOUR, resolvedAt: base.lastMessageAt },
    ]);
  });

  it("a conversation that ended on the customer's unanswered word is abandoned", () => {
    const f = { ...base, lastRole: "customer" as const };
    expect(dueTransitions(f, w, f.lastMessageAt + 25 * HOUR)).toEqual([
      { kind: "abandoned", at: f.lastMessageAt + 24 * HOUR },
    ]);
  });

  it("a conversation without a question is ineligible", () => {
    const f = { ...base, eligible: false, lastAiAction: "reply" as const };
    expect(dueTransitions(f, w, f.lastMessageAt + 25 * HOUR)[0]?.kind).toBe("ineligible");
  });

  it("a job that was down for weeks catches up in one pass: resolved then durable", () => {
    const kinds = dueTransitions(base, w, base.lastMessageAt + 30 * DAY).map((t) => t.kind);
    expect(kinds).toEqual(["resolved", "durable"]);
  });

  it("durable exactly at the end of the durability window after resolution", () => {
    const f = { ...base, state: "resolved" as const, resolvedAt: 5_000 };
    expect(dueTransitions(f, w, 5_000 + 7 * DAY - 1)).toEqual([]);
    expect(dueTransitions(f, w, 5_000 + 7 * DAY)).toEqual([{ kind: "durable", at: 5_000 + 7 * DAY }]);
  });

  it("is idempotent: applying the transitions leaves nothing due (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("pending", "resolved", "escalated", "abandoned", "ineligible" as const),
        fc.boolean(),
        fc.constantFrom("customer", "ai", "human", null),
        fc.constantFrom("answer", "reply", "escalate", null),
        fc.integer({ min: 0, max: 60 * DAY }),
        (state, eligible, lastRole, lastAiAction, elapsed) => {
          const f: OutcomeFacts = {
            ...base,
            state: state as OutcomeFacts["state"],
            eligible,
            lastRole: lastRole as OutcomeFacts["lastRole"],
            lastAiAction: lastAiAction as OutcomeFacts["lastAiAction"],
            resolvedAt: state === "resolved" ? base.lastMessageAt : null,
          };
          const now = base.lastMessageAt + elapsed;
          let next = { ...f };
          for (const t of dueTransitions(f, w, now)) {
            if (t.kind === "resolved") next = { ...next, state: "resolved", resolvedAt: t.resolvedAt };
            else if (t.kind === "durable") next = { ...next, durableAt: t.at };
            else next = { ...next, state: t.kind };
          }
          expect(dueTransitions(next, w, now)).toEqual([]);
        },
      ),
    );
  });
});
