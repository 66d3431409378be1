import { hit, type LintRule, when } from "./rule.js";

const FRAMEWORK = "Model Versioning and Change Notification";

/** Rules on how changes to the agent are defined, announced, tested and undone. */
export const CHANGE_RULES: readonly LintRule[] = [
  {
    id: "VCH301",
    name: "significant-change-undefined",
    severity: "error",
    title: "What counts as a significant change is undefined or left to the vendor",
    why: "Vendors push changes to model weights, retrieval and prompts without calling them version updates. If the contract does not define a significant change, none of the notice, testing and rollback rights ever trigger. A good baseline: any change that materially affects resolution rate, escalation behaviour or response tone is significant.",
    ask: "significantChange defined by the contract: the kinds of change that are always significant (model, prompt, resolver, retrieval, knowledge, thresholds, rules) and evaluation deltas beyond which any change is significant.",
    framework: FRAMEWORK,
    check: (c) => {
      const cm = c.changeManagement;
      const sc = cm?.significantChange;
      if (!sc) {
        return [
          hit(
            cm ? ["changeManagement"] : [],
            "What counts as a significant change is not defined: the vendor can swap models or prompts without triggering any notice or testing",
          ),
        ];
      }
      if (sc.definedBy === "vendor") {
        return [
          hit(
            ["changeManagement", "significantChange", "definedBy"],
            "Whether a change is significant is left to the vendor's discretion: your notice and rollback rights apply only when the vendor says so",
          ),
        ];
      }
      return when(
        (sc.kinds ?? []).length === 0 && sc.evaluationDeltas === undefined,
        ["changeManagement", "significantChange"],
        "significantChange names no kinds of change and no evaluation deltas, so nothing is significant",
      );
    },
  },
  {
    id: "VCH302",
    name: "no-notice-window",
    severity: "error",
    title: "No advance notice before significant changes",
    why: "Without notice the buyer discovers a changed agent through customer complaints rather than a change log, and has no time to test, prepare the team or object.",
    ask: "changeManagement.noticeDays: advance notice (commonly 14–30 days) before a significant change reaches production.",
    framework: FRAMEWORK,
    check: (c) => {
      const days = c.changeManagement?.noticeDays;
      return when(
        days === undefined || days === 0,
        days === undefined
          ? c.changeManagement
            ? ["changeManagement"]
            : []
          : ["changeManagement", "noticeDays"],
        "No advance notice before significant changes: you learn about a new model or prompt from your customers",
      );
    },
  },
  {
    id: "VCH303",
    name: "no-parallel-testing",
    severity: "error",
    title: "No right to test a new version in parallel before it goes live",
    why: "Notice alone does not show whether a new version is better. Parallel testing (a golden-set evaluation and shadow runs on live traffic without customer exposure) turns a change announcement into evidence.",
    ask: "parallelTesting: golden-set evaluation, a share of shadow traffic, and a minimum duration or sample before promotion.",
    framework: FRAMEWORK,
    check: (c) => {
      const cm = c.changeManagement;
      const pt = cm?.parallelTesting;
      const tested = pt !== undefined && (pt.goldenSet === true || (pt.shadowTrafficShare ?? 0) > 0);
      return when(
        !tested,
        pt ? ["changeManagement", "parallelTesting"] : cm ? ["changeManagement"] : [],
        "No parallel testing of new versions: a change reaches your customers before anyone has compared it with the current agent",
      );
    },
  },
  {
    id: "VCH304",
    name: "no-rollback-right",
    severity: "error",
    title: "No right to roll back a version that misbehaves",
    why: "If a new version introduces unexpected behaviour in production, the buyer needs the previous version back now, not a fix in the next release cycle.",
    ask: "rollback.onRequest: true, with a maximum time to roll back (hours), and automatic rollback when an objective is missed.",
    framework: FRAMEWORK,
    check: (c) => {
      const rb = c.changeManagement?.rollback;
      return when(
        rb?.onRequest !== true,
        rb ? ["changeManagement", "rollback"] : c.changeManagement ? ["changeManagement"] : [],
        "No right to roll back: if an update breaks the agent, you wait for the vendor's fix while customers get the broken version",
      );
    },
  },
  {
    id: "VCH305",
    name: "rollback-time-undefined",
    severity: "warning",
    title: "The rollback right has no deadline",
    why: "A rollback that takes a week is not a remedy for a live incident. A stated maximum time makes the right enforceable.",
    ask: "rollback.maxHours: the longest time from request to the previous version serving traffic.",
    framework: FRAMEWORK,
    check: (c) => {
      const rb = c.changeManagement?.rollback;
      return when(
        rb?.onRequest === true && rb.maxHours === undefined,
        ["changeManagement", "rollback"],
        "You may request a rollback, but no maximum time to roll back is stated",
      );
    },
  },
];
