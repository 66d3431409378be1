import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../tenants/index.js";
import { decideTurn, type Resolve, type TurnContext } from "./decide-turn.js";
import type { MessageSignals } from "./detect-signals.js";

const signals = (over: Partial<MessageSignals> = {}): MessageSignals => ({
  intent: "question",
  wantsHuman: false,
  sensitiveTopic: undefined,
  sentiment: 0,
  ...over,
});
const ctx = (over: Partial<TurnContext> = {}): TurnContext => ({
  settings: DEFAULT_SETTINGS,
  signals: signals(),
  failureStreak: 0,
  lastAnswerLabel: undefined,
  offeredLabels: [],
  ...over,
});
const resolving = (confidence: number, labels = ["a", "b", "c"], retryConfidence = confidence): Resolve => {
  const candidates = labels.map((label, i) => ({ label, score: 1 - i * 0.2 }));
  return {
    current: () => ({ candidates, confidence }),
    retry: () => ({ candidates, confidence: retryConfidence }),
  };
};
const never: Resolve = {
  current: () => {
    throw new Error("resolver must not be consulted");
  },
  retry: () => {
    throw new Error("resolver must not be consulted");
  },
};

describe("decideTurn", () => {
  it("answers a confident question with the top label", () => {
    expect(decideTurn(ctx(), resolving(0.9))).toMatchObject({
      action: "answer",
      reason: "answered",
      label: "a",
      isQuestion: true,
    });
  });

  it("escalates below the tenant threshold, and when there is no knowledge", () => {
    expect(decideTurn(ctx(), resolving(0.49))).toMatchObject({
      action: "escalate",
      reason: "low_confidence",
    });
    expect(decideTurn(ctx(), resolving(0.9, []))).toMatchObject({
      action: "escalate",
      reason: "no_knowledge",
    });
  });

  it("puts a request for a person, sensitive topics and anger before knowledge (no resolver call)", () => {
    expect(
      decideTurn(ctx({ signals: signals({ wantsHuman: true, sensitiveTopic: "legal_threat" }) }), never)
        .reason,
    ).toBe("customer_requested_human");
    expect(
      decideTurn(ctx({ signals: signals({ sensitiveTopic: "legal_threat", sentiment: -9 }) }), never),
    ).toMatchObject({
      reason: "sensitive_topic",
      detail: "legal_threat",
    });
    expect(decideTurn(ctx({ signals: signals({ sentiment: -5 }) }), never).reason).toBe("negative_sentiment");
    expect(decideTurn(ctx({ signals: signals({ sentiment: -4 }) }), resolving(0.9)).reason).toBe("answered");
  });

  it("greets, thanks and asks to rephrase without counting as a question", () => {
    for (const [intent, reason] of [
      ["greeting", "greeting"],
      ["thanks", "acknowledged"],
      ["noise", "not_a_question"],
    ] as const) {
      expect(decideTurn(ctx({ signals: signals({ intent }) }), never)).toMatchObject({
        action: "answer",
        reason,
        isQuestion: false,
      });
    }
  });

  it("on a rejection, offers the next unoffered candidate, then escalates at maxFailures", () => {
    const first = decideTurn(
      ctx({ signals: signals({ intent: "failure" }), lastAnswerLabel: "a", offeredLabels: ["a"] }),
      {
        current: () => ({ candidates: [{ label: "a", score: 0.3 }], confidence: 0.2 }),
        retry: () => ({
          candidates: [
            { label: "a", score: 1 },
            { label: "b", score: 0.95 },
          ],
          confidence: 0.9,
        }),
      },
    );
    expect(first).toMatchObject({ action: "answer", reason: "retry_answer", label: "b", failureStreak: 1 });
    const second = decideTurn(
      ctx({ signals: signals({ intent: "failure" }), failureStreak: 1, lastAnswerLabel: "b" }),
      resolving(0.1),
    );
    expect(second).toMatchObject({ action: "escalate", reason: "repeated_failure", failureStreak: 2 });
  });

  it("a 'doesn't work' that names another answer confidently is answered, and still counts as a failure", () => {
    const d = decideTurn(
      ctx({ signals: signals({ intent: "failure" }), lastAnswerLabel: "b" }),
      resolving(0.9),
    );
    expect(d).toMatchObject({ action: "answer", reason: "answered", label: "a", failureStreak: 1 });
    const again = decideTurn(
      ctx({ signals: signals({ intent: "failure" }), failureStreak: 1, lastAnswerLabel: "a" }),
      resolving(0.9),
    );
    expect(again).toMatchObject({ action: "escalate", reason: "repeated_failure" });
  });
});
