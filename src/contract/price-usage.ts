import type { PriceTier, PricingCharge } from "./contract-schema.js";
import { type Amount, amountOf, multiplyAmount } from "./decimal.js";

/**
 * Prices a period's usage of one charge exactly, with Stripe's semantics, so that the linter, the
 * volume-scenario simulator and invoicing all agree to the last fraction of a cent.
 *
 * - Free units are deducted first; the model prices what remains (the billable units).
 * - `per_unit`: billable × unitAmount.
 * - `graduated`: each unit is priced by the tier it falls in; each tier reached adds its flat amount. The
 *   first tier is always reached, so its flat amount applies even at zero usage.
 * - `volume`: every unit is priced at the tier the total falls in, plus that tier's flat amount (at zero
 *   usage, the first tier's).
 * - `package`: billable units are divided by the package size, rounded up (started packages, the default) or
 *   down (completed packages), times unitAmount, the price of one package.
 * Tiers: `upTo` is inclusive and each tier starts one above the previous; `upTo: null` is unbounded.
 */

/** One line of a priced charge, like a line on a Stripe invoice. */
interface PriceLine {
  /** `unit`: quantity × unit amount; `flat`: a tier's flat amount; `package`: packages × package price. */
  readonly kind: "unit" | "flat" | "package";
  /** 1-based tier for tiered models. */
  readonly tier?: number;
  readonly quantity: number;
  readonly unitAmount: Amount;
  readonly amount: Amount;
}

/** The exact price of a quantity of one charge. */
interface UsagePrice {
  readonly units: number;
  /** Units deducted as free before pricing. */
  readonly freeUnits: number;
  readonly billableUnits: number;
  readonly lines: readonly PriceLine[];
  /** Exact total; round with `toMinorUnits` only on the invoice. */
  readonly total: Amount;
}

/** Prices `units` of `charge`. Throws RangeError when `units` is not a non-negative safe integer. */
export function priceUsage(charge: PricingCharge, units: number): UsagePrice {
  if (!Number.isSafeInteger(units) || units < 0) {
    throw new RangeError(`units must be a non-negative integer, got ${units}`);
  }
  const freeUnits = Math.min(units, charge.freeUnits ?? 0);
  const billable = units - freeUnits;
  const lines = priceLines(charge, billable);
  const total = lines.reduce((sum, line) => sum + line.amount, 0n);
  return Object.freeze({ units, freeUnits, billableUnits: billable, lines: Object.freeze(lines), total });
}

function priceLines(charge: PricingCharge, q: number): PriceLine[] {
  switch (charge.model) {
    case "per_unit": {
      const unitAmount = amountOf(charge.unitAmount);
      return [{ kind: "unit", quantity: q, unitAmount, amount: multiplyAmount(unitAmount, q) }];
    }
    case "package": {
      const size = charge.packageSize ?? 1;
      const packages = charge.rounding === "down" ? Math.floor(q / size) : Math.ceil(q / size);
      const unitAmount = amountOf(charge.unitAmount);
      return [
        { kind: "package", quantity: packages, unitAmount, amount: multiplyAmount(unitAmount, packages) },
      ];
    }
    case "graduated":
      return graduatedLines(charge.tiers ?? [], q);
    case "volume":
      return volumeLines(charge.tiers ?? [], q);
  }
}

function graduatedLines(tiers: readonly PriceTier[], q: number): PriceLine[] {
  const lines: PriceLine[] = [];
  let lower = 1; // first unit of the current tier
  for (const [i, tier] of tiers.entries()) {
    if (i > 0 && q < lower) break; // tier not reached
    const upper = tier.upTo ?? Number.POSITIVE_INFINITY;
    const quantity = Math.max(0, Math.min(q, upper) - lower + 1);
    const unitAmount = amountOf(tier.unitAmount);
    const flat = amountOf(tier.flatAmount);
    if (quantity > 0) {
      lines.push({
        kind: "unit",
        tier: i + 1,
        quantity,
        unitAmount,
        amount: multiplyAmount(unitAmount, quantity),
      });
    }
    if (flat > 0n) lines.push({ kind: "flat", tier: i + 1, quantity: 1, unitAmount: flat, amount: flat });
    if (tier.upTo === null) break;
    lower = tier.upTo + 1;
  }
  return lines;
}

function volumeLines(tiers: readonly PriceTier[], q: number): PriceLine[] {
  const index = tierIndexFor(tiers, q);
  const tier = tiers[index];
  if (!tier) return [];
  const unitAmount = amountOf(tier.unitAmount);
  const flat = amountOf(tier.flatAmount);
  const lines: PriceLine[] = [
    { kind: "unit", tier: index + 1, quantity: q, unitAmount, amount: multiplyAmount(unitAmount, q) },
  ];
  if (flat > 0n) lines.push({ kind: "flat", tier: index + 1, quantity: 1, unitAmount: flat, amount: flat });
  return lines;
}

/** Index of the tier a quantity falls in (the first tier for zero); the last tier beyond every bound. */
export function tierIndexFor(tiers: readonly PriceTier[], quantity: number): number {
  const i = tiers.findIndex((t) => t.upTo === null || quantity <= t.upTo);
  return i < 0 ? tiers.length - 1 : i;
}

/** A tier boundary where the total price is discontinuous. */
interface PriceCliff {
  /**
   * `drop`: one more unit makes the whole bill smaller (buying more costs less);
   * `jump`: one more unit costs more than that unit's own price, because units already consumed are repriced
   * at the next tier's rate.
   */
  readonly kind: "drop" | "jump";
  /** 1-based tier whose upper bound is crossed. */
  readonly tier: number;
  /** Units (free units included) at the boundary: the bill for `at` is `before`, for `at + 1` it is `after`. */
  readonly at: number;
  readonly before: Amount;
  readonly after: Amount;
  /** What unit `at + 1` would cost on its own at the next tier's rate (its unit amount plus flat amount). */
  readonly marginal: Amount;
}

/**
 * Tier boundaries where buying one more unit costs less in total (drop) or reprices everything already
 * bought (jump). Volume pricing has them whenever tier rates differ; graduated pricing never does, which is
 * why buyers ask for graduated overage. Only tier boundaries need checking: inside a tier the total grows by
 * exactly the unit amount.
 */
export function findPriceCliffs(charge: PricingCharge): PriceCliff[] {
  const tiers = charge.tiers ?? [];
  if (charge.model !== "volume" && charge.model !== "graduated") return [];
  const free = charge.freeUnits ?? 0;
  const cliffs: PriceCliff[] = [];
  tiers.forEach((tier, i) => {
    const next = tiers[i + 1];
    if (tier.upTo === null || !next) return;
    const at = tier.upTo + free;
    const before = priceUsage(charge, at).total;
    const after = priceUsage(charge, at + 1).total;
    const marginal = amountOf(next.unitAmount) + amountOf(next.flatAmount);
    if (after < before) cliffs.push({ kind: "drop", tier: i + 1, at, before, after, marginal });
    else if (after - before > marginal)
      cliffs.push({ kind: "jump", tier: i + 1, at, before, after, marginal });
  });
  return cliffs;
}
