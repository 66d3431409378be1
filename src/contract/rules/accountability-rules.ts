import { hit, type LintRule, type RuleHit, when } from "./rule.js";

const AUDIT = "Audit Rights and Decision Transparency";

/** Rules on audit rights and liability for what the agent says. */
export const ACCOUNTABILITY_RULES: readonly LintRule[] = [
  {
    id: "VCH701",
    name: "no-decision-logs",
    severity: "error",
    title: "No logs of the AI's decisions are kept for you",
    why: "Explaining automated decisions is increasingly a legal requirement in regulated industries, and outside them it is how complaints are investigated and systematic errors found. Without decision logs (what the AI answered, from which sources, why it escalated or not), nobody can audit the agent.",
    ask: "audit.decisionLogs: true covering decisions, conversations and escalation triggers, ideally in a tamper-evident ledger the buyer can verify, with a retention period.",
    framework: AUDIT,
    check: (c) =>
      when(
        c.audit?.decisionLogs !== true,
        c.audit?.decisionLogs !== undefined ? ["audit", "decisionLogs"] : c.audit ? ["audit"] : [],
        "No logs of the AI's decisions are kept for you: you cannot audit why the agent answered or escalated as it did",
      ),
  },
  {
    id: "VCH702",
    name: "no-audit-request-timeframe",
    severity: "warning",
    title: "No deadline for fulfilling an audit request",
    why: "A regulator's or a customer's question has a deadline; an audit right without a response time can be honoured too late to matter.",
    ask: "audit.requestFulfilmentDays: the longest time to deliver requested logs and records.",
    framework: AUDIT,
    check: (c) =>
      when(
        c.audit?.decisionLogs === true && c.audit.requestFulfilmentDays === undefined,
        ["audit"],
        "Audit requests have no deadline: logs you are entitled to can arrive too late to matter",
      ),
  },
  {
    id: "VCH703",
    name: "no-vendor-content-liability",
    severity: "error",
    title: "The vendor takes no responsibility for wrong answers based on content it controls",
    why: "When the agent gives incorrect information (wrong billing instructions, a misstated product limitation) and a customer acts on it, standard terms usually push all the risk to the buyer. At minimum the vendor should be accountable when the error comes from content it controls: its models, prompts and vendor-supplied knowledge.",
    ask: "liability.vendorControlledContent: vendor (or shared), no blanket exclusion of AI output, and a cap that reflects the use case's risk.",
    framework: "AI-Specific Liability Questions",
    check: (c): RuleHit[] => {
      const l = c.liability;
      if (l?.aiOutputExcluded === true) {
        return [
          hit(
            ["liability", "aiOutputExcluded"],
            "The vendor excludes all liability for what the AI says: every wrong answer is your risk",
          ),
        ];
      }
      if (l?.vendorControlledContent === undefined || l.vendorControlledContent === "customer") {
        return [
          hit(
            l?.vendorControlledContent ? ["liability", "vendorControlledContent"] : l ? ["liability"] : [],
            "Nobody but you answers for incorrect information the AI gives from content the vendor controls",
          ),
        ];
      }
      return [];
    },
  },
];
