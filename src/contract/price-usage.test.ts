import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PriceTier, PricingCharge } from "./contract-schema.js";
import { amountOf, formatAmount, formatMoney } from "./decimal.js";
import { findPriceCliffs, priceUsage, tierIndexFor } from "./price-usage.js";

const total = (charge: PricingCharge, units: number) => formatAmount(priceUsage(charge, units).total);

// Stripe's documented example tiers: 1–5 at 5.00, 6–10 at 4.00, 11+ at 3.00.
const STRIPE_TIERS: PriceTier[] = [
  { upTo: 5, unitAmount: "5.00" },
  { upTo: 10, unitAmount: "4.00" },
  { upTo: null, unitAmount: "3.00" },
];

describe("priceUsage (examples)", () => {
  it("graduated prices each unit by its own tier", () => {
    const charge: PricingCharge = { model: "graduated", tiers: STRIPE_TIERS };
    expect(total(charge, 0)).toBe("0.00");
    expect(total(charge, 5)).toBe("25.00");
    expect(total(charge, 6)).toBe("29.00");
    expect(total(charge, 12)).toBe("51.00"); // 5×5 + 5×4 + 2×3
  });

  it("volume prices every unit at the tier the total falls in", () => {
    const charge: PricingCharge = { model: "volume", tiers: STRIPE_TIERS };
    expect(total(charge, 5)).toBe("25.00");
    expect(total(charge, 6)).toBe("24.00");
    expect(total(charge, 12)).toBe("36.00");
  });

  it("flat amounts: each reached tier's in graduated, the first tier's even at zero usage", () => {
    const tiers: PriceTier[] = [
      { upTo: 100, unitAmount: "0", flatAmount: "50.00" },
      { upTo: null, unitAmount: "0.40", flatAmount: "20.00" },
    ];
    expect(total({ model: "graduated", tiers }, 0)).toBe("50.00");
    expect(total({ model: "graduated", tiers }, 100)).toBe("50.00");
    expect(total({ model: "graduated", tiers }, 101)).toBe("70.40");
    expect(total({ model: "volume", tiers }, 0)).toBe("50.00");
    expect(total({ model: "volume", tiers }, 101)).toBe("60.40");
  });

  it("package pricing rounds started packages up, or completed packages down", () => {
    const up: PricingCharge = { model: "package", packageSize: 1000, unitAmount: "25.00" };
    expect(total(up, 0)).toBe("0.00");
    expect(total(up, 1)).toBe("25.00");
    expect(total(up, 1000)).toBe("25.00");
    expect(total(up, 1001)).toBe("50.00");
    expect(total({ ...up, rounding: "down" }, 1999)).toBe("25.00");
  });

  it("free units are deducted before pricing", () => {
    const charge: PricingCharge = { model: "per_unit", unitAmount: "0.50", freeUnits: 100 };
    expect(priceUsage(charge, 80)).toMatchObject({ freeUnits: 80, billableUnits: 0, total: 0n });
    expect(total(charge, 130)).toBe("15.00");
  });

  it("is exact where binary floats are not, including sub-cent prices", () => {
    expect(total({ model: "per_unit", unitAmount: "0.1" }, 3)).toBe("0.30"); // 0.1 * 3 = 0.30000000000000004
    expect(total({ model: "per_unit", unitAmount: "0.000125" }, 1_000_001)).toBe("125.000125");
    const big = priceUsage(
      { model: "per_unit", unitAmount: "999999999999999.999999999999" },
      Number.MAX_SAFE_INTEGER,
    );
    expect(big.total).toBe(amountOf("999999999999999.999999999999") * BigInt(Number.MAX_SAFE_INTEGER));
  });

  it("lists invoice lines per tier and flat amount", () => {
    const lines = priceUsage({ model: "graduated", tiers: STRIPE_TIERS }, 7).lines;
    expect(lines.map((l) => [l.kind, l.tier, l.quantity, formatAmount(l.amount)])).toEqual([
      ["unit", 1, 5, "25.00"],
      ["unit", 2, 2, "8.00"],
    ]);
  });

  it("rejects a negative or fractional quantity", () => {
    expect(() => priceUsage({ model: "per_unit", unitAmount: "1" }, -1)).toThrow(RangeError);
    expect(() => priceUsage({ model: "per_unit", unitAmount: "1" }, 1.5)).toThrow(RangeError);
  });
});

describe("findPriceCliffs (examples)", () => {
  it("finds the jump where crossing a tier reprices every unit used", () => {
    const charge: PricingCharge = {
      model: "volume",
      tiers: [
        { upTo: 5000, unitAmount: "0.99" },
        { upTo: null, unitAmount: "1.49" },
      ],
    };
    const [cliff] = findPriceCliffs(charge);
    expect(cliff).toMatchObject({ kind: "jump", tier: 1, at: 5000 });
    expect(formatMoney(cliff?.before ?? 0n, "USD")).toBe("4,950.00 USD");
    expect(formatMoney(cliff?.after ?? 0n, "USD")).toBe("7,451.49 USD");
  });

  it("finds the drop where buying more costs less, shifted by free units", () => {
    const charge: PricingCharge = {
      model: "volume",
      freeUnits: 10,
      tiers: [
        { upTo: 1000, unitAmount: "2.00" },
        { upTo: null, unitAmount: "1.50" },
      ],
    };
    expect(findPriceCliffs(charge)).toMatchObject([{ kind: "drop", at: 1010 }]);
  });

  it("finds none for graduated tiers or flat-compensated volume tiers", () => {
    expect(findPriceCliffs({ model: "graduated", tiers: STRIPE_TIERS })).toEqual([]);
    // 1000 × 2.00 = 2000.00 and 1001 × 1.00 + 1000.00 = 2001.00: the flat amount removes the drop.
    const smooth: PricingCharge = {
      model: "volume",
      tiers: [
        { upTo: 1000, unitAmount: "2.00" },
        { upTo: null, unitAmount: "1.00", flatAmount: "1000.00" },
      ],
    };
    expect(findPriceCliffs(smooth)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

/** Decimal strings with up to 6 fraction digits (sub-cent prices included). */
const decimalArb = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, "0")}`);

/** Valid Stripe tiers: strictly increasing bounds, the last unbounded. */
const tiersArb: fc.Arbitrary<PriceTier[]> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }),
    fc.array(fc.tuple(decimalArb, fc.option(decimalArb, { nil: undefined })), { minLength: 5, maxLength: 5 }),
  )
  .map(([bounds, amounts]) =>
    [...[...bounds].sort((a, b) => a - b), null].map((upTo, i) => {
      const [unitAmount, flatAmount] = amounts[i] ?? ["0", undefined];
      return flatAmount === undefined ? { upTo, unitAmount } : { upTo, unitAmount, flatAmount };
    }),
  );

const freeArb = fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined });
const unitsArb = fc.integer({ min: 0, max: 90 });

function chargeOf(
  model: "graduated" | "volume",
  tiers: PriceTier[],
  freeUnits: number | undefined,
): PricingCharge {
  return freeUnits === undefined ? { model, tiers } : { model, tiers, freeUnits };
}

function maxBound(tiers: readonly PriceTier[]): number {
  return Math.max(0, ...tiers.map((t) => t.upTo ?? 0));
}

describe("pricing invariants (property)", () => {
  it("graduated totals never decrease as units grow", () => {
    fc.assert(
      fc.property(tiersArb, freeArb, unitsArb, (tiers, free, n) => {
        const charge = chargeOf("graduated", tiers, free);
        expect(priceUsage(charge, n + 1).total >= priceUsage(charge, n).total).toBe(true);
      }),
    );
  });

  it("graduated with one tier equals per-unit pricing plus the flat amount", () => {
    fc.assert(
      fc.property(
        decimalArb,
        fc.option(decimalArb, { nil: undefined }),
        unitsArb,
        (unitAmount, flatAmount, n) => {
          const tier: PriceTier =
            flatAmount === undefined ? { upTo: null, unitAmount } : { upTo: null, unitAmount, flatAmount };
          const graduated = priceUsage({ model: "graduated", tiers: [tier] }, n).total;
          const perUnit = priceUsage({ model: "per_unit", unitAmount }, n).total;
          expect(graduated).toBe(perUnit + amountOf(flatAmount));
        },
      ),
    );
  });

  it("graduated total is the sum over units of each unit's own tier price, plus reached flats", () => {
    fc.assert(
      fc.property(tiersArb, unitsArb, (tiers, n) => {
        let expected = amountOf(tiers[0]?.flatAmount);
        for (let unit = 1; unit <= n; unit++) {
          const i = tierIndexFor(tiers, unit);
          expected += amountOf(tiers[i]?.unitAmount);
          if (i > 0 && unit === (tiers[i - 1]?.upTo ?? 0) + 1) expected += amountOf(tiers[i]?.flatAmount);
        }
        expect(priceUsage({ model: "graduated", tiers }, n).total).toBe(expected);
      }),
    );
  });

  it("volume total is every unit at the total's tier plus that tier's flat amount", () => {
    fc.assert(
      fc.property(tiersArb, unitsArb, (tiers, n) => {
        const tier = tiers[tierIndexFor(tiers, n)];
        const expected = amountOf(tier?.unitAmount) * BigInt(n) + amountOf(tier?.flatAmount);
        expect(priceUsage({ model: "volume", tiers }, n).total).toBe(expected);
      }),
    );
  });

  it("free units shift the price curve: price(n) with k free = price(max(0, n − k)) without", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("graduated" as const, "volume" as const),
        tiersArb,
        fc.integer({ min: 0, max: 20 }),
        unitsArb,
        (model, tiers, k, n) => {
          const withFree = priceUsage(chargeOf(model, tiers, k), n).total;
          const shifted = priceUsage(chargeOf(model, tiers, undefined), Math.max(0, n - k)).total;
          expect(withFree).toBe(shifted);
        },
      ),
    );
  });

  it("volume cliff detection agrees with brute force over every quantity", () => {
    fc.assert(
      fc.property(tiersArb, freeArb, (tiers, free) => {
        const charge = chargeOf("volume", tiers, free);
        const cliffs = findPriceCliffs(charge);
        const drops: number[] = [];
        const jumps: number[] = [];
        for (let n = 0; n <= maxBound(tiers) + (free ?? 0) + 2; n++) {
          const before = priceUsage(charge, n).total;
          const after = priceUsage(charge, n + 1).total;
          const nextTier = tiers[tierIndexFor(tiers, Math.max(0, n + 1 - (free ?? 0)))];
          const entersTier =
            tierIndexFor(tiers, Math.max(0, n + 1 - (free ?? 0))) !==
            tierIndexFor(tiers, Math.max(0, n - (free ?? 0)));
          const marginal =
            amountOf(nextTier?.unitAmount) + (entersTier ? amountOf(nextTier?.flatAmount) : 0n);
          if (after < before) drops.push(n);
          else if (after - before > marginal) jumps.push(n);
        }
        expect(cliffs.filter((c) => c.kind === "drop").map((c) => c.at)).toEqual(drops);
        expect(cliffs.filter((c) => c.kind === "jump").map((c) => c.at)).toEqual(jumps);
      }),
    );
  });

  it("graduated pricing never has cliffs", () => {
    fc.assert(
      fc.property(tiersArb, freeArb, (tiers, free) => {
        expect(findPriceCliffs(chargeOf("graduated", tiers, free))).toEqual([]);
      }),
    );
  });

  it("package totals are whole packages and never decrease", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        decimalArb,
        fc.constantFrom("up" as const, "down" as const),
        unitsArb,
        (size, unitAmount, rounding, n) => {
          const charge: PricingCharge = { model: "package", packageSize: size, unitAmount, rounding };
          const packages = rounding === "up" ? Math.ceil(n / size) : Math.floor(n / size);
          expect(priceUsage(charge, n).total).toBe(amountOf(unitAmount) * BigInt(packages));
          expect(priceUsage(charge, n + 1).total >= priceUsage(charge, n).total).toBe(true);
        },
      ),
    );
  });
});
