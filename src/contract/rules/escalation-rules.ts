import type { PayloadField } from "../contract-schema.js";
import { hit, type LintRule, type RuleHit, when } from "./rule.js";

const FRAMEWORK = "Escalation and Handoff Behavior";

/** The handoff is useless without these: the human must see what happened and why it came to them. */
const ESSENTIAL_PAYLOAD: readonly PayloadField[] = ["transcript", "summary", "reason"];

/** Rules on when the agent hands over to a human, what it passes and what happens when handoff fails. */
export const ESCALATION_RULES: readonly LintRule[] = [
  {
    id: "VCH201",
    name: "escalation-triggers-undefined",
    severity: "error",
    title: "When the AI must hand over to a human is not defined",
    why: "Escalation triggers decide which customers reach a human. Left to default vendor settings, they can change with any update, and the buyer learns from complaints that billing disputes or upset customers are no longer escalated.",
    ask: "The triggers and their parameters in the contract: explicit request, low confidence (threshold), repeated failure (attempts), sensitive topics (list), negative sentiment (threshold).",
    framework: FRAMEWORK,
    check: (c) =>
      when(
        (c.escalation?.triggers ?? []).length === 0,
        c.escalation?.triggers ? ["escalation", "triggers"] : c.escalation ? ["escalation"] : [],
        "When the AI must hand a conversation to a human is not defined: default vendor settings decide, and can change with any update",
      ),
  },
  {
    id: "VCH202",
    name: "handoff-payload-undefined",
    severity: "error",
    title: "What the human agent receives at handoff is not defined",
    why: "A handoff without context makes the customer repeat everything to a human who cannot see what the AI said. The payload (transcript, summary, sources, the AI's confidence, the reason for escalating) is what makes a handoff a continuation rather than a restart.",
    ask: "handoff.payload listing at least transcript, summary and reason, plus sources and confidence.",
    framework: FRAMEWORK,
    check: (c) => {
      const handoff = c.escalation?.handoff;
      if (!handoff?.payload) {
        return [
          hit(
            handoff ? ["escalation", "handoff"] : c.escalation ? ["escalation"] : [],
            "What the human agent receives at handoff is not defined: customers may have to repeat themselves to someone who cannot see what the AI told them",
          ),
        ];
      }
      const missing = ESSENTIAL_PAYLOAD.filter((f) => !handoff.payload?.includes(f));
      return when(
        missing.length > 0,
        ["escalation", "handoff", "payload"],
        `The handoff payload omits ${missing.join(", ")}: the human agent starts without the context the AI had`,
      );
    },
  },
  {
    id: "VCH203",
    name: "handoff-fallback-undefined",
    severity: "error",
    title: "Nothing says what happens to escalations when the helpdesk is unreachable",
    why: "Handoffs travel through integrations that fail. Without a fallback channel and a maximum delay, an outage at the helpdesk makes escalations vanish: the AI has given up, no human was told, and the customer waits.",
    ask: "handoff.fallback: a channel (inbox, email, Slack or a durable queue) and the maximum delay before a handoff is delivered through it.",
    framework: FRAMEWORK,
    check: (c): RuleHit[] => {
      const handoff = c.escalation?.handoff;
      const fallback = handoff?.fallback;
      if (!fallback) {
        return [
          hit(
            handoff ? ["escalation", "handoff"] : c.escalation ? ["escalation"] : [],
            "Nothing says what happens to escalations when the helpdesk is unreachable: handoffs can silently vanish",
          ),
        ];
      }
      return fallback.maxDelayMinutes === undefined
        ? [
            hit(
              ["escalation", "handoff", "fallback"],
              `Handoffs fall back to ${fallback.channel}, but with no maximum delay: a customer can wait indefinitely`,
            ),
          ]
        : [];
    },
  },
  {
    id: "VCH204",
    name: "no-explicit-human-request",
    severity: "warning",
    title: "Customers are not promised a human when they ask for one",
    why: "Being able to ask for a person is the safety valve of every AI support flow. If explicit requests are not a trigger, the AI may keep answering a customer who has asked for a human.",
    ask: "An explicit-request trigger: any customer who asks for a human is handed over.",
    framework: FRAMEWORK,
    check: (c) => {
      const triggers = c.escalation?.triggers ?? [];
      return when(
        triggers.length > 0 && !triggers.some((t) => t.kind === "explicit-request"),
        ["escalation", "triggers"],
        "Customers who ask for a human are not promised one: explicit-request is not among the triggers",
      );
    },
  },
];
