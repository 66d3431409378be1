import { type LintRule, when } from "./rule.js";

const PILOT = "Pilot-to-Production Clauses";
const ROADMAP = "Roadmap Commitments and Capability SLAs";

/** Rules on the pilot and on roadmap and improvement commitments. */
export const PILOT_ROADMAP_RULES: readonly LintRule[] = [
  {
    id: "VCH801",
    name: "no-pilot",
    severity: "info",
    title: "No structured pilot before the full commitment",
    why: "A pilot with explicit success metrics protects the buyer from committing to a system that underperforms in its own environment, and forces the vendor to put performance benchmarks in writing. Renewals of a proven deployment may not need one.",
    ask: "pilot with dates inside the term, success criteria (metric, threshold, minimum sample) and onFail: exit-without-penalty.",
    framework: PILOT,
    check: (c) =>
      when(
        c.pilot === undefined,
        [],
        "No pilot: you commit to the full term before the agent proves itself on your tickets",
      ),
  },
  {
    id: "VCH802",
    name: "pilot-without-success-metrics",
    severity: "error",
    title: "The pilot has no success metrics",
    why: "A pilot without measurable criteria cannot fail, so it cannot protect. Criteria such as a resolution-rate target, a CSAT benchmark and integration performance, each with a minimum sample, make the pass/fail decision objective.",
    ask: "pilot.successCriteria: metric, threshold and minimum sample for each criterion.",
    framework: PILOT,
    check: (c) =>
      when(
        c.pilot !== undefined && (c.pilot.successCriteria ?? []).length === 0,
        c.pilot?.successCriteria ? ["pilot", "successCriteria"] : ["pilot"],
        "The pilot has no success metrics: it cannot fail, so it does not protect you",
      ),
  },
  {
    id: "VCH803",
    name: "pilot-without-exit",
    severity: "error",
    title: "A failed pilot does not let you walk away",
    why: "The point of a pilot is the right to exit without penalty, or to renegotiate, when the agent misses its criteria. A pilot that converts to the full contract regardless of results is a sales stage, not a protection.",
    ask: "pilot.onFail: exit-without-penalty (or renegotiate).",
    framework: PILOT,
    check: (c) => {
      const pilot = c.pilot;
      return when(
        pilot !== undefined && (pilot.onFail === undefined || pilot.onFail === "convert"),
        pilot?.onFail ? ["pilot", "onFail"] : ["pilot"],
        pilot?.onFail === "convert"
          ? "A failed pilot converts to the full contract anyway: you cannot walk away"
          : "The pilot does not say what happens if it fails: no exit without penalty",
      );
    },
  },
  {
    id: "VCH804",
    name: "no-roadmap",
    severity: "warning",
    title: "No dated roadmap commitments",
    why: "For an AI system the capability trajectory matters as much as current performance. Documented milestones (learning improvements, integrations, transparency features, certification renewals) create accountability and grounds for renegotiation if priorities shift away from your needs.",
    ask: "roadmap.commitments with items and due dates.",
    framework: ROADMAP,
    check: (c) =>
      when(
        (c.roadmap?.commitments ?? []).length === 0,
        c.roadmap ? ["roadmap"] : [],
        "No dated roadmap commitments: the vendor's priorities can drift away from your needs with no recourse",
      ),
  },
  {
    id: "VCH805",
    name: "no-improvement-reporting",
    severity: "warning",
    title: "How the agent's improvement is measured and reported is not defined",
    why: "Continuous learning is a selling point; a vendor with a defined method for tracking and reporting improvement over time has thought about long-term accountability. Without it, 'the AI gets smarter' is unverifiable.",
    ask: "roadmap.improvementReporting: cadence, the metrics reported against a baseline, and the method.",
    framework: ROADMAP,
    check: (c) =>
      when(
        c.roadmap?.improvementReporting === undefined,
        c.roadmap ? ["roadmap"] : [],
        "How the agent's improvement is measured and reported is not defined: 'it learns' cannot be verified",
      ),
  },
];
