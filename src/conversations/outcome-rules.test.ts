import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "../shared/clock.js";
import type { OutcomesTable } from "../store/index.js";
import {
  dueTransitions,
  isFinal,
  type OutcomeEvent,
  type OutcomeFacts,
  onAgentTurn,
  onCustomerMessage,
  onMessageToPerson,
  settle,
} from "./outcome-rules.js";

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

const anyState = fc.constantFrom("pending", "resolved", "escalated", "abandoned", "ineligible" as const);
const anyLastRole = fc.constantFrom("customer", "ai", "human", null);
const anyLastAiAction = fc.constantFrom("answer", "reply", "escalate", null);

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
        anyState,
        fc.boolean(),
        anyLastRole,
        anyLastAiAction,
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

const row: OutcomesTable = {
  tenant_id: "ten_1",
  conversation_id: "conv_1",
  state: "pending",
  resolution: null,
  eligible: 0,
  resolved_at: null,
  durable_at: null,
  reopen_count: 0,
  updated_at: 0,
  inactivity_ms: w.inactivityMs,
  durability_ms: w.durabilityMs,
};

describe("message-driven transitions", () => {
  it("a substantive message reopens a resolution and counts the reopen", () => {
    const resolved = { ...row, state: "resolved" as const, resolution: "assumed" as const, resolved_at: 5 };
    const change = onCustomerMessage(resolved, true, 9);
    expect(change.outcome).toMatchObject({ state: "pending", resolution: null, resolved_at: null });
    expect(change.outcome.reopen_count).toBe(1);
    expect(change.events).toEqual([{ kind: "reopened", at: 9, detail: null }]);
    expect(onCustomerMessage(resolved, false, 9)).toEqual({ outcome: resolved, events: [] });
  });

  it("a substantive message makes an ended conversation pending again, without an event", () => {
    for (const state of ["abandoned", "ineligible"] as const) {
      expect(onCustomerMessage({ ...row, state }, true, 9)).toEqual({
        outcome: { ...row, state: "pending" },
        events: [],
      });
    }
  });

  it("a handover escalates, with the reason as the event's detail", () => {
    const change = onAgentTurn(row, { action: "escalate", reason: "sensitive_topic", isQuestion: true }, 9);
    expect(change.outcome).toMatchObject({ state: "escalated", eligible: 1, updated_at: 9 });
    expect(change.events).toEqual([{ kind: "escalated", at: 9, detail: "sensitive_topic" }]);
  });

  it("thanks confirm a pending eligible conversation's resolution, or an assumed one's", () => {
    const thanks = { action: "answer", reason: "acknowledged", isQuestion: false } as const;
    const pending = { ...row, eligible: 1 };
    expect(onAgentTurn(pending, thanks, 9)).toEqual({
      outcome: { ...pending, state: "resolved", resolution: "confirmed", resolved_at: 9, updated_at: 9 },
      events: [{ kind: "resolved", at: 9, detail: "confirmed" }],
    });
    expect(onAgentTurn(row, thanks, 9).outcome.state).toBe("pending");
    const assumed = { ...row, eligible: 1, state: "resolved" as const, resolution: "assumed" as const };
    expect(onAgentTurn({ ...assumed, resolved_at: 5 }, thanks, 9)).toEqual({
      outcome: { ...assumed, resolved_at: 5, resolution: "confirmed", updated_at: 9 },
      events: [],
    });
  });

  it("a substantive message to a person makes the conversation eligible", () => {
    expect(onMessageToPerson(row, true, 9).outcome).toMatchObject({ eligible: 1, updated_at: 9 });
    expect(onMessageToPerson(row, false, 9).outcome).toMatchObject({ eligible: 0, updated_at: 9 });
  });

  it("settle applies what is due as events at their own times, and returns the same row when nothing is", () => {
    const conv = { last_message_at: 1_000, last_role: "ai" as const, last_ai_action: "answer" as const };
    const eligible = { ...row, eligible: 1 };
    expect(settle(eligible, conv, w, 1_000).outcome).toBe(eligible);
    const change = settle(eligible, conv, w, 1_000 + 30 * DAY);
    expect(change.outcome).toMatchObject({
      state: "resolved",
      resolution: "assumed",
      resolved_at: 1_000,
      durable_at: 1_000 + 7 * DAY,
    });
    expect(change.events).toEqual([
      { kind: "resolved", at: 1_000 + 24 * HOUR, detail: null },
      { kind: "durable", at: 1_000 + 7 * DAY, detail: null },
    ]);
  });

  it("a conversation is judged by its recorded windows; those in force only stand in for none", () => {
    const conv = { last_message_at: 0, last_role: "customer" as const, last_ai_action: null };
    const recorded = { ...row, inactivity_ms: HOUR };
    expect(settle(recorded, conv, w, HOUR).outcome.state).toBe("ineligible");
    const unrecorded = { ...row, inactivity_ms: null, durability_ms: null };
    expect(settle(unrecorded, conv, w, HOUR).outcome.state).toBe("pending");
    expect(isFinal({ ...row, state: "resolved", durable_at: 1 })).toBe(true);
  });
});

/** What the time-driven rules read about a conversation, as a simulated conversation keeps it. */
interface Facts {
  last_message_at: number;
  last_role: "customer" | "ai" | "human" | null;
  last_ai_action: "answer" | "reply" | "escalate" | null;
  status: "open" | "escalated" | "closed";
}

type Step =
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "job" }
  | {
      readonly kind: "customer";
      readonly substantive: boolean;
      readonly action: "answer" | "escalate";
      readonly reason: "answered" | "acknowledged" | "greeting" | "low_confidence";
      readonly isQuestion: boolean;
    }
  | { readonly kind: "human"; readonly resolve: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 10 * DAY }) }),
  fc.record({ kind: fc.constant("job" as const) }),
  fc.record({
    kind: fc.constant("customer" as const),
    substantive: fc.boolean(),
    action: fc.constantFrom("answer" as const, "escalate" as const),
    reason: fc.constantFrom(
      "answered" as const,
      "acknowledged" as const,
      "greeting" as const,
      "low_confidence" as const,
    ),
    isQuestion: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("human" as const), resolve: fc.boolean() }),
);

/** Every rule, message- and time-driven, applied as the message path and the outcome job apply them. */
function apply(
  o: OutcomesTable,
  f: Facts,
  s: Step,
  now: number,
): { outcome: OutcomesTable; events: readonly OutcomeEvent[]; facts: Facts } | "refused" | "waited" {
  if (s.kind === "wait") return "waited";
  if (s.kind === "job") return { ...settle(o, f, w, now), facts: f };
  if (s.kind === "human") {
    if (f.status !== "escalated") return "refused";
    const facts: Facts = { ...f, last_message_at: now, last_role: "human" };
    return { outcome: o, events: [], facts: s.resolve ? { ...facts, status: "closed" } : facts };
  }
  if (f.status === "closed") return "refused";
  const settled = settle(o, f, w, now);
  if (isFinal(settled.outcome)) return "refused";
  const arrived = onCustomerMessage(settled.outcome, s.substantive, now);
  const before = [...settled.events, ...arrived.events];
  if (f.status === "escalated") {
    const waiting = onMessageToPerson(arrived.outcome, s.substantive, now);
    return {
      outcome: waiting.outcome,
      events: before,
      facts: { ...f, last_message_at: now, last_role: "customer" },
    };
  }
  const turned = onAgentTurn(arrived.outcome, s, now);
  const action = s.action === "escalate" ? "escalate" : s.reason === "answered" ? "answer" : "reply";
  return {
    outcome: turned.outcome,
    events: [...before, ...turned.events],
    facts: {
      last_message_at: now,
      last_role: "ai",
      last_ai_action: action,
      status: s.action === "escalate" ? "escalated" : f.status,
    },
  };
}

const withoutTime = ({ updated_at: _, ...o }: OutcomesTable) => o;

describe("outcome rules together (properties)", () => {
  it("hold their invariants over any conversation, whenever the job runs", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let now = 0;
        let o = row;
        let f: Facts = { last_message_at: 0, last_role: null, last_ai_action: null, status: "open" };
        for (const s of steps) {
          const r = apply(o, f, s, now);
          if (r === "waited") now += (s as { ms: number }).ms;
          if (typeof r === "string") continue;
          const kinds = r.events.map((e) => e.kind);
          const next = r.outcome;
          // A resolution has its time and kind, a reopened one neither; a durable one is exactly the window
          // after it. (A handover after a resolution escalates it and leaves its time on the row.)
          if (next.state === "resolved") expect([next.resolved_at, next.resolution]).not.toContain(null);
          if (next.state === "pending") expect([next.resolved_at, next.resolution]).toEqual([null, null]);
          if (next.durable_at !== null) {
            expect(next.state).toBe("resolved");
            expect(next.durable_at).toBe((next.resolved_at ?? 0) + w.durabilityMs);
          }
          // Counters only grow; a reopen is counted exactly when it is recorded.
          expect(next.eligible).toBeGreaterThanOrEqual(o.eligible);
          expect(next.reopen_count - o.reopen_count).toBe(kinds.filter((k) => k === "reopened").length);
          // Every change of state is recorded, except an ended conversation taken up again.
          if (next.state !== o.state && next.state !== "pending") expect(kinds).toContain(next.state);
          if (o.state === "resolved" && next.state === "pending") expect(kinds).toContain("reopened");
          expect(kinds.includes("durable")).toBe(o.durable_at === null && next.durable_at !== null);
          for (const e of r.events) expect(e.at).toBeLessThanOrEqual(now);
          // A final outcome never changes again.
          if (isFinal(o)) expect(withoutTime(next)).toEqual(withoutTime(o));
          o = next;
          f = r.facts;
        }
      }),
    );
  });

  it("settling late gives what settling twice gives: the result does not depend on when the job runs", () => {
    fc.assert(
      fc.property(
        anyState,
        fc.boolean(),
        anyLastRole,
        anyLastAiAction,
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        (state, eligible, lastRole, lastAiAction, d1, d2) => {
          const o: OutcomesTable = {
            ...row,
            state: state as OutcomesTable["state"],
            eligible: eligible ? 1 : 0,
            resolution: state === "resolved" ? "assumed" : null,
            resolved_at: state === "resolved" ? 1_000 : null,
          };
          const f = {
            last_message_at: 1_000,
            last_role: lastRole as Facts["last_role"],
            last_ai_action: lastAiAction as Facts["last_ai_action"],
          };
          const t1 = 1_000 + d1;
          const t2 = t1 + d2;
          const once = settle(o, f, w, t2);
          const first = settle(o, f, w, t1);
          const second = settle(first.outcome, f, w, t2);
          expect(withoutTime(second.outcome)).toEqual(withoutTime(once.outcome));
          expect([...first.events, ...second.events]).toEqual(once.events);
        },
      ),
    );
  });
});
