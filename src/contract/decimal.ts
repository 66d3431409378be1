/**
 * Exact money for contract prices. Amounts are written in the contract as decimal strings in major units
 * ("0.99", "1500.00", "0.000125") and held here as a bigint count of 10^-12 major units, so every sum and
 * product is exact. Twelve fraction digits is what Stripe's `unit_amount_decimal` allows, which keeps
 * sub-cent unit prices (per API call, per message) exact; rounding to the currency's minor unit happens only
 * when an invoice line is produced (`toMinorUnits`).
 */

/** Fraction digits held exactly. */
const AMOUNT_SCALE = 12;

const FACTOR = 10n ** BigInt(AMOUNT_SCALE);

/**
 * The decimal-string form accepted for money in the contract: non-negative, at most 15 integer digits and
 * 12 fraction digits, no exponent, no sign, no thousands separators.
 */
export const DECIMAL_PATTERN = "^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,12})?$";

const DECIMAL_RE = new RegExp(DECIMAL_PATTERN);

/** An exact amount of money: an integer count of 10^-12 major units. */
export type Amount = bigint;

/** Parses a contract decimal string; undefined when it is not in the accepted form. */
export function parseAmount(text: string): Amount | undefined {
  if (!DECIMAL_RE.test(text)) return undefined;
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * FACTOR + BigInt(fraction.padEnd(AMOUNT_SCALE, "0"));
}

/** Like `parseAmount` for values the schema has already checked; a bad value is a programming error. */
export function amountOf(text: string | undefined): Amount {
  if (text === undefined) return 0n;
  const amount = parseAmount(text);
  if (amount === undefined) throw new RangeError(`not a contract decimal: ${JSON.stringify(text)}`);
  return amount;
}

/**
 * Formats an amount as a plain decimal string with at least `minFractionDigits` fraction digits and no
 * trailing zeros beyond them ("1500.00", "0.000125"), so the text round-trips through `parseAmount`.
 */
export function formatAmount(amount: Amount, minFractionDigits = 2): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(AMOUNT_SCALE, "0");
  while (fraction.length > minFractionDigits && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction.length > 0 ? `.${fraction}` : ""}`;
}

/** Formats an amount for a human message: thousands separators and the currency code ("4,950.00 USD"). */
export function formatMoney(amount: Amount, currency: string): string {
  const [whole = "0", fraction] = formatAmount(amount, minorUnitExponent(currency)).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction ? `.${fraction}` : ""} ${currency}`;
}

/** Multiplies an amount by a whole number of units. */
export function multiplyAmount(amount: Amount, units: number | bigint): Amount {
  return amount * BigInt(units);
}

// ISO 4217 currencies whose minor unit is not the cent. Everything else has two fraction digits.
const ZERO_DECIMAL = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "VND",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

/** Number of fraction digits of the currency's minor unit (2 for USD/EUR, 0 for JPY, 3 for KWD). */
function minorUnitExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * Rounds an exact amount to the currency's minor unit, half away from zero (commercial rounding), for an
 * invoice line. Sums of lines should be computed on exact amounts first, then rounded once.
 */
export function toMinorUnits(amount: Amount, currency: string): bigint {
  const divisor = 10n ** BigInt(AMOUNT_SCALE - minorUnitExponent(currency));
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const quotient = abs / divisor;
  const rounded = (abs % divisor) * 2n >= divisor ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}
