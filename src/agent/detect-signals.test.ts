import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../tenants/index.js";
import { detectSignals, sentimentScore } from "./detect-signals.js";

const s = (text: string, afterAnswer = false) => detectSignals(text, DEFAULT_SETTINGS, afterAnswer);

describe("detectSignals", () => {
  it.each([
    "Can I talk to a human please?",
    "I want to speak with someone",
    "get me a real person",
    "agent please",
    "human",
    "escalate this",
    "I don't want a bot",
  ])("hears a request for a person: %s", (t) => {
    expect(s(t).wantsHuman).toBe(true);
  });

  it.each([
    "how do I reset my password",
    "the agent role cannot see projects",
    "my human resources team needs access",
  ])("does not mistake ordinary questions for a request for a person: %s", (t) => {
    expect(s(t).wantsHuman).toBe(false);
  });

  it.each([
    ["I will dispute the charge with my bank", "billing_dispute"],
    ["I was charged twice this month", "billing_dispute"],
    ["filing a chargeback today", "billing_dispute"],
    ["my lawyer will be in touch", "legal_threat"],
    ["we'll take legal action", "legal_threat"],
    ["I'm reporting you to the data protection regulator", "legal_threat"],
    ["our account was hacked", "security_incident"],
  ])("flags sensitive topics: %s → %s", (t, topic) => {
    expect(s(t).sensitiveTopic).toBe(topic);
  });

  it("a refund question is not a dispute", () => {
    expect(s("what is your refund policy?").sensitiveTopic).toBeUndefined();
  });

  it("scores anger, not problem descriptions", () => {
    expect(sentimentScore("my export failed with an error")).toBe(0);
    expect(sentimentScore("please help, I'm locked out and need urgent access")).toBe(0);
    expect(sentimentScore("This is ridiculous, your product is garbage and I'm furious")).toBeLessThanOrEqual(
      -5,
    );
    expect(sentimentScore("worst support ever, useless")).toBeLessThanOrEqual(-5);
  });

  it("classifies greetings, thanks, failures and noise only where they make sense", () => {
    expect(s("hi").intent).toBe("greeting");
    expect(s("hello there, anyone?").intent).toBe("greeting");
    expect(s("hi, how do I export data?").intent).toBe("question");
    expect(s("thanks, that fixed it!", true).intent).toBe("thanks");
    // A thanks that says nothing else is a thanks even as a first message: never answered with an article.
    expect(s("thanks, that fixed it!", false).intent).toBe("thanks");
    expect(s("Thank you so much for the help!", false).intent).toBe("thanks");
    expect(s("thanks, but my export still fails", false).intent).toBe("question");
    expect(s("thanks! how do I export my projects", false).intent).toBe("question");
    expect(s("thanks?", false).intent).toBe("question");
    expect(s("👍", true).intent).toBe("thanks");
    expect(s("👍", false).intent).toBe("noise");
    expect(s("that didn't help", true).intent).toBe("failure");
    expect(s("no, that's not what I asked", true).intent).toBe("failure");
    expect(s("thanks but it still doesn't work", true).intent).toBe("failure");
    expect(s("that didn't help", false).intent).toBe("question");
    expect(s("???", false).intent).toBe("noise");
  });

  it("tenant settings add their own patterns", () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      humanRequestPatterns: ["\\bsupervisor\\b"],
      sensitiveTopics: [{ name: "medical", patterns: ["\\bdiagnos"] }],
    };
    expect(detectSignals("put me through to a supervisor", settings, false).wantsHuman).toBe(true);
    expect(detectSignals("can you diagnose this rash", settings, false).sensitiveTopic).toBe("medical");
  });
});
