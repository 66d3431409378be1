import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgentModel } from "../agent/index.js";
import { DAY, HOUR } from "../shared/clock.js";
import { DEFAULT_SETTINGS } from "../tenants/index.js";
import {
  type ConversationState,
  NO_RETRY_CONTEXT,
  planTurn,
  readMessage,
  type TurnContext,
} from "./plan-turn.js";
import { newConversationRows } from "./post-customer-message.js";

const T0 = 1_000_000;

const { conv, outcome } = newConversationRows(
  "ten_1",
  {},
  { inactivityMs: 24 * HOUR, durabilityMs: 7 * DAY },
  T0,
);

const fresh: ConversationState = { conv, outcome };
/** A conversation whose last turn was the agent's answer, at T0. */
const answered: ConversationState = {
  conv: { ...conv, next_seq: 3, last_role: "ai", last_ai_action: "answer", last_intent: "question" },
  outcome: { ...outcome, eligible: 1 },
};

/** An agent whose resolver always returns the same resolution. */
function agentResolving(candidates: { label: string; score: number }[], confidence: number): AgentModel {
  return {
    versionId: "ver_test",
    knowledgeRev: 1,
    model: {
      digest: "fixed",
      labelCount: 2,
      exampleCount: 2,
      passages: new Map(),
      resolve: (_text, k = 3) => ({ candidates: candidates.slice(0, k), confidence }),
      explain: () => ({ ranked: [], resolver: { candidates: [], confidence: 0 }, signals: [], confidence }),
      gather: () => ({ candidates: [], resolver: { candidates: [], confidence: 0 }, lexicalTop: undefined }),
    },
    answers: new Map([
      [
        "art_reset",
        {
          id: "art_reset",
          sourceId: "art_reset_article",
          kind: "article",
          title: "Reset",
          slug: "reset",
          anchor: "steps",
          section: "Steps",
          body: "Use the reset link.",
        },
      ],
      [
        "ans_learned",
        {
          id: "ans_learned",
          sourceId: "ans_learned",
          kind: "learned",
          title: "Learned",
          slug: undefined,
          anchor: "",
          section: undefined,
          body: "Do X.",
        },
      ],
    ]),
  };
}

const confident = agentResolving(
  [
    { label: "art_reset", score: 0.912345 },
    { label: "ans_learned", score: 0.2 },
    { label: "art_other", score: 0.1 },
    { label: "art_fourth", score: 0.05 },
  ],
  0.912345,
);

let ids = 0;
const ctx = (over: Partial<TurnContext> = {}): TurnContext => ({
  settings: DEFAULT_SETTINGS,
  agent: confident,
  retry: NO_RETRY_CONTEXT,
  now: T0 + HOUR,
  newId: (kind) => `${kind}_${++ids}`,
  elapsedUs: () => 42,
  ...over,
});

const read = (state: ConversationState, content: string, now = T0 + HOUR) =>
  readMessage(state, content, DEFAULT_SETTINGS, now);

describe("readMessage", () => {
  it("refuses a closed conversation, and one whose resolution has become durable", () => {
    expect(() => read({ ...fresh, conv: { ...conv, status: "closed" } }, "hello")).toThrow(
      expect.objectContaining({ code: "CONVERSATION_CLOSED" }),
    );
    // Answered at T0: resolved (assumed) after a day, durable a week later.
    expect(() => read(answered, "how do I reset my password", T0 + 8 * DAY)).toThrow(
      expect.objectContaining({ code: "CONVERSATION_CLOSED" }),
    );
  });

  it("settles what is due first: a question after the inactivity window reopens the assumed resolution", () => {
    const r = read(answered, "how do I reset my password", T0 + 2 * DAY);
    expect(r.signals.intent).toBe("question");
    expect(r.substantive).toBe(true);
    expect(r.outcome).toMatchObject({ state: "pending", resolved_at: null, reopen_count: 1 });
    expect(r.events.map((e) => e.kind)).toEqual(["resolved", "reopened"]);
  });

  it("asks for the earlier turns only when the agent will decide on a rejection", () => {
    expect(read(answered, "that didn't help").needsRetryContext).toBe(true);
    expect(read(answered, "how do I reset my password").needsRetryContext).toBe(false);
    const withPerson = { ...answered, conv: { ...answered.conv, status: "escalated" as const } };
    expect(read(withPerson, "that didn't help").needsRetryContext).toBe(false);
  });
});

describe("planTurn", () => {
  it("answers a confident question: message, reply, decision and the conversation after them", () => {
    const plan = planTurn(read(fresh, "how do I reset my password"), ctx());
    expect(plan.message).toMatchObject({
      seq: 1,
      role: "customer",
      intent: "question",
      created_at: T0 + HOUR,
    });
    const a = plan.agent;
    expect(a?.reply).toMatchObject({ seq: 2, role: "ai", author_id: "ver_test" });
    expect(a?.reply.content).toContain("Use the reset link.");
    expect(a?.decision).toMatchObject({
      message_id: plan.message.message_id,
      reply_message_id: a?.reply.message_id,
      action: "answer",
      reason: "answered",
      answer_label: "art_reset",
      confidence: 0.9123,
      latency_us: 42,
    });
    expect(a?.sources).toEqual([
      { id: "art_reset", title: "Reset", score: 0.9123 },
      { id: "ans_learned", title: "Learned", score: 0.2 },
      { id: "art_other", title: "art_other", score: 0.1 },
      { id: "art_fourth", title: "art_fourth", score: 0.05 },
    ]);
    expect(a?.citations).toEqual([
      { articleId: "art_reset_article", title: "Reset", slug: "reset", section: "Steps", anchor: "steps" },
    ]);
    expect(plan.message.decision_id).toBe(a?.decision.decision_id);
    expect(plan.conv).toMatchObject({
      next_seq: 3,
      last_role: "ai",
      last_ai_action: "answer",
      agent_version: "ver_test",
      status: "open",
    });
    expect(plan.outcome).toMatchObject({ state: "pending", eligible: 1, updated_at: T0 + HOUR });
    expect(plan.handover).toBeNull();
  });

  it("hands over below the confidence threshold, with what the handoff needs", () => {
    const unsure = agentResolving([{ label: "art_reset", score: 0.3 }], 0.3);
    const plan = planTurn(read(fresh, "how do I reset my password"), ctx({ agent: unsure }));
    expect(plan.agent?.decision).toMatchObject({
      action: "escalate",
      reason: "low_confidence",
      answer_label: null,
    });
    expect(plan.handover).toEqual({
      decisionId: plan.agent?.decision.decision_id,
      reason: "low_confidence",
      detail: undefined,
      confidence: 0.3,
      sources: [{ id: "art_reset", title: "Reset", score: 0.3 }],
    });
    expect(plan.conv).toMatchObject({ status: "escalated", last_ai_action: "escalate" });
    expect(plan.outcome.state).toBe("escalated");
    expect(plan.events).toEqual([{ kind: "escalated", at: T0 + HOUR, detail: "low_confidence" }]);
  });

  it("never answers with nothing: a label without an answer hands over", () => {
    const orphan = agentResolving([{ label: "art_gone", score: 0.9 }], 0.9);
    const plan = planTurn(read(fresh, "how do I reset my password"), ctx({ agent: orphan }));
    expect(plan.agent?.decision).toMatchObject({ action: "escalate", reason: "low_confidence" });
    expect(plan.handover?.reason).toBe("low_confidence");
  });

  it("thanks after an answer confirm the resolution", () => {
    const plan = planTurn(read(answered, "thanks!"), ctx());
    expect(plan.agent?.decision.reason).toBe("acknowledged");
    expect(plan.conv.last_ai_action).toBe("reply");
    expect(plan.outcome).toMatchObject({
      state: "resolved",
      resolution: "confirmed",
      resolved_at: T0 + HOUR,
    });
    expect(plan.events).toEqual([{ kind: "resolved", at: T0 + HOUR, detail: "confirmed" }]);
  });

  it("a rejection retries with an answer not offered yet", () => {
    const retry = {
      offered: ["art_reset"],
      question: "how do I reset my password",
      lastAnswerLabel: "art_reset",
    };
    const both = agentResolving(
      [
        { label: "art_reset", score: 0.9 },
        { label: "ans_learned", score: 0.85 },
      ],
      0.9,
    );
    const plan = planTurn(read(answered, "that didn't help"), ctx({ agent: both, retry }));
    expect(plan.agent?.decision).toMatchObject({ reason: "retry_answer", answer_label: "ans_learned" });
    expect(plan.conv).toMatchObject({ failure_streak: 1, last_ai_action: "answer" });
    expect(plan.agent?.citations).toEqual([]);
  });

  it("stays quiet while a person owns the conversation: the message alone, waiting in the inbox", () => {
    const withPerson: ConversationState = {
      conv: { ...conv, status: "escalated", next_seq: 5 },
      outcome: { ...outcome, state: "escalated" },
    };
    const plan = planTurn(read(withPerson, "how do I reset my password"), ctx());
    expect(plan.agent).toBeNull();
    expect(plan.handover).toBeNull();
    expect(plan.message).toMatchObject({ seq: 5, decision_id: null });
    expect(plan.conv).toMatchObject({ next_seq: 6, last_role: "customer", status: "escalated" });
    expect(plan.outcome).toMatchObject({ state: "escalated", eligible: 1 });
  });

  it("plans consistent rows for any message on any open conversation (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(fresh, answered, {
          conv: { ...conv, status: "escalated" as const, next_seq: 4 },
          outcome: { ...outcome, state: "escalated" as const },
        }),
        fc.integer({ min: 0, max: 20 * HOUR }),
        (content, state, elapsed) => {
          const now = T0 + elapsed;
          const plan = planTurn(read(state, content, now), ctx({ now }));
          const rows = [plan.conv, plan.outcome, plan.message, plan.agent?.reply, plan.agent?.decision];
          for (const r of rows.filter((x) => x !== undefined)) {
            expect(r).toMatchObject({ tenant_id: "ten_1", conversation_id: conv.conversation_id });
          }
          expect(plan.message).toMatchObject({ seq: state.conv.next_seq, content, created_at: now });
          expect(plan.conv.next_seq).toBe(state.conv.next_seq + (plan.agent ? 2 : 1));
          expect(plan.conv.last_message_at).toBe(now);
          expect(plan.agent === null).toBe(state.conv.status === "escalated");
          expect(plan.handover !== null).toBe(plan.agent?.decision.action === "escalate");
          expect(plan.conv.status === "escalated").toBe(
            state.conv.status === "escalated" || plan.handover !== null,
          );
          if (plan.agent) expect(plan.agent.reply.seq).toBe(plan.message.seq + 1);
        },
      ),
    );
  });
});
