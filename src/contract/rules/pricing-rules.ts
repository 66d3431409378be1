import type { PricingCharge, SupportContract } from "../contract-schema.js";
import { amountOf, formatMoney } from "../decimal.js";
import { findPriceCliffs } from "../price-usage.js";
import { hit, type LintRule, type RuleHit, when } from "./rule.js";

const PRICING = "Pricing Structures and Hidden Cost Traps";
const CLIFFS = "Volume Cliffs and Overage Penalties";

const charges = (c: SupportContract) => c.pricing?.charges ?? [];
const chargeName = (charge: PricingCharge, i: number) =>
  charge.name ?? (charge.billableEvent ? `${charge.billableEvent} charge` : `charge ${i + 1}`);
const usageCharges = (c: SupportContract) => charges(c).filter((ch) => ch.billableEvent !== "seat");
const units = (n: number) => n.toLocaleString("en-US");

/** Rules on billable events, tier shapes, caps and implementation costs. */
export const PRICING_RULES: readonly LintRule[] = [
  {
    id: "VCH601",
    name: "billable-event-undefined",
    severity: "error",
    title: "What triggers a billable event is undefined",
    why: "Platform-plus-usage pricing is only predictable when 'usage' is defined: some vendors count every API call, others only resolved conversations. An undefined billable event lets the vendor decide what you pay for.",
    ask: "pricing.charges each with a billableEvent (resolution, conversation, seat, api_call or message) and the event's definition (for resolutions: durable, reversed on reopen).",
    framework: PRICING,
    check: (c): RuleHit[] => {
      if (!c.pricing) {
        return [
          hit(
            [],
            "Pricing is not in the contract: what triggers a billable event, and at what price, is undefined",
          ),
        ];
      }
      return charges(c).flatMap((charge, i) =>
        charge.billableEvent === undefined
          ? [
              hit(
                ["pricing", "charges", i],
                `${chargeName(charge, i)} does not say which event is billed: the vendor decides what counts as usage`,
              ),
            ]
          : [],
      );
    },
  },
  {
    id: "VCH602",
    name: "volume-cliff",
    severity: "error",
    title: "Volume tiers create a price cliff at a tier boundary",
    why: "With volume pricing every unit is priced at the tier the total reaches. Crossing a boundary reprices all units already consumed: a spike during a launch or an incident can multiply the monthly bill (a jump), and where later tiers are cheaper, buying more costs less (a drop), which invites gaming and makes budgeting guesswork.",
    ask: "Graduated tiers (each unit at its own tier's rate) for overage, or volume bands whose totals never decrease and never reprice consumed units, plus an overage cap.",
    framework: CLIFFS,
    check: (c) =>
      charges(c).flatMap((charge, i) =>
        findPriceCliffs(charge).map((cliff) => {
          const currency = c.pricing?.currency ?? "";
          const before = formatMoney(cliff.before, currency);
          const after = formatMoney(cliff.after, currency);
          const what = charge.billableEvent ? `${charge.billableEvent}s` : "units";
          const message =
            cliff.kind === "jump"
              ? `${chargeName(charge, i)}: ${units(cliff.at)} ${what} cost ${before} but ${units(cliff.at + 1)} cost ${after}; crossing the tier reprices every unit already used`
              : `${chargeName(charge, i)}: ${units(cliff.at + 1)} ${what} cost ${after}, less than ${units(cliff.at)} (${before}); buying more costs less`;
          return hit(["pricing", "charges", i, "tiers", cliff.tier - 1], message);
        }),
      ),
  },
  {
    id: "VCH603",
    name: "no-overage-cap",
    severity: "warning",
    title: "Usage charges have no cap per period",
    why: "Support demand spikes with product launches, outages and seasonality, exactly when the buyer cannot throttle it. Without a cap, a single bad month can cost multiples of the expected bill.",
    ask: "pricing.overageCap: the most usage charges can add in one period, or pre-negotiated rates for higher bands.",
    framework: CLIFFS,
    check: (c) =>
      when(
        usageCharges(c).length > 0 && c.pricing?.overageCap === undefined,
        ["pricing"],
        "Usage charges have no cap per period: a launch or an incident can multiply your bill",
      ),
  },
  {
    id: "VCH604",
    name: "per-resolution-without-floor",
    severity: "warning",
    title: "Per-resolution pricing with no resolution-rate floor hides underperformance",
    why: "Per-resolution pricing sounds aligned with outcomes, but when the agent resolves less you simply pay less while your team absorbs the overflow. The price signal masks the underperformance instead of penalising it, unless a resolution-rate floor with remedies backs it.",
    ask: "A resolution_rate objective with a floor, credits and termination rights alongside any per-resolution charge.",
    framework: PRICING,
    check: (c) => {
      const floored = (c.sla?.objectives ?? []).some(
        (o) => o.metric === "resolution_rate" && o.floor !== undefined,
      );
      return charges(c).flatMap((charge, i): RuleHit[] =>
        charge.billableEvent === "resolution" && !floored
          ? [
              hit(
                ["pricing", "charges", i, "billableEvent"],
                `${chargeName(charge, i)} bills per resolution but no resolution-rate floor exists: when the agent resolves less you pay less, and your team silently absorbs the overflow`,
              ),
            ]
          : [],
      );
    },
  },
  {
    id: "VCH605",
    name: "implementation-costs-unsplit",
    severity: "warning",
    title: "Implementation costs are missing or not split into one-time and recurring",
    why: "Headline pricing rarely includes API connection fees, custom training, knowledge-base ingestion and ongoing tuning. Those costs change the total cost of ownership, and whether each is one-time or recurring changes it again.",
    ask: "pricing.implementation with every cost in writing under oneTime or recurring ([] when there are none).",
    framework: "Implementation and Integration Costs",
    check: (c): readonly RuleHit[] => {
      const impl = c.pricing?.implementation;
      if (!c.pricing) return [];
      if (!impl) {
        return [
          hit(
            ["pricing"],
            "Implementation costs (ingestion, connectors, tuning) are not stated in writing: the total cost of ownership is unknown",
          ),
        ];
      }
      return when(
        impl.oneTime === undefined || impl.recurring === undefined,
        ["pricing", "implementation"],
        `Implementation costs are not split into one-time and recurring${impl.estimate ? ` (only a total estimate of ${formatMoney(amountOf(impl.estimate), c.pricing.currency)})` : ""}: you cannot tell what recurs`,
      );
    },
  },
  {
    id: "VCH606",
    name: "activity-billing",
    severity: "info",
    title: "Billing counts activity (API calls, messages), not outcomes",
    why: "Per-call or per-message charges grow with retries, long conversations and internal calls, none of which the buyer controls or benefits from. Usage defined this way is the least predictable kind.",
    ask: "A billable event tied to outcomes or conversations, or a clear definition of what calls or messages count and which never do (retries, errors, internal calls).",
    framework: PRICING,
    check: (c) =>
      charges(c).flatMap((charge, i): RuleHit[] =>
        charge.billableEvent === "api_call" || charge.billableEvent === "message"
          ? [
              hit(
                ["pricing", "charges", i, "billableEvent"],
                `${chargeName(charge, i)} bills per ${charge.billableEvent}: you pay for activity, including retries and long conversations, not outcomes`,
              ),
            ]
          : [],
      ),
  },
];
