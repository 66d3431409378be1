import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountOf, formatAmount, formatMoney, parseAmount, toMinorUnits } from "./decimal.js";

describe("decimal amounts", () => {
  it("parses and formats exactly, round trip", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 27n - 1n }), (amount) => {
        expect(parseAmount(formatAmount(amount))).toBe(amount);
      }),
    );
    expect(formatAmount(amountOf("1500"))).toBe("1500.00");
    expect(formatAmount(amountOf("0.000125"))).toBe("0.000125");
  });

  it("rejects what is not a plain non-negative decimal", () => {
    for (const bad of ["-1", "1e3", "1,000", ".5", "5.", "01", " 1", "1.0000000000001", "1234567890123456"]) {
      expect(parseAmount(bad), bad).toBeUndefined();
    }
  });

  it("rounds to the currency's minor unit half away from zero", () => {
    expect(toMinorUnits(amountOf("0.005"), "USD")).toBe(1n);
    expect(toMinorUnits(amountOf("0.004999"), "USD")).toBe(0n);
    expect(toMinorUnits(amountOf("1234.5"), "JPY")).toBe(1235n);
    expect(toMinorUnits(amountOf("1.2345"), "KWD")).toBe(1235n);
    expect(formatMoney(amountOf("1234567.5"), "EUR")).toBe("1,234,567.50 EUR");
  });
});
