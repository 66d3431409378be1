import { TIME_PATTERN } from "./entry-schema.js";

const DAY_MS = 86_400_000;

// The UTC day of the last call: its first millisecond and its "YYYY-MM-DDT".
let cachedDay = Number.NaN;
let cachedPrefix = "";

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` when that has the entry schema's form (TIME_PATTERN: a four-digit year),
 * otherwise undefined. The date part is cached per UTC day: entries are written at the current time, so
 * nearly every call falls in the day of the one before and only the time of day is formatted.
 * toISOString (with its Date) was about 0.9 µs of the decision writer's 4.1 µs; with this the writer took
 * 3.5 µs. A property test holds it to toISOString across days, years and the pattern's edges.
 */
export function formatIsoTime(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms)) return undefined;
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (day !== cachedDay) {
    const date = new Date(day);
    if (Number.isNaN(date.getTime())) return undefined;
    const iso = date.toISOString();
    if (!TIME_PATTERN.test(iso)) return undefined;
    cachedDay = day;
    cachedPrefix = iso.slice(0, 11);
  }
  let rest = ms - day;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(rest - seconds * 1000)}Z`;
}
