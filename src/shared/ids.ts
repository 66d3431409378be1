import { randomFillSync } from "node:crypto";

/**
 * Entity ids carry a prefix so logs and CLI output read themselves (`conv_…`, `msg_…`).
 * The body is a ULID-style string: 48 bits of milliseconds then 80 random bits, Crockford base32, so ids
 * sort by creation time and are unguessable. Written here rather than taken from the `ulid` package
 * because it is twelve lines and the package adds monotonic-factory machinery we do not need.
 */
export const ID_PREFIXES = {
  tenant: "ten",
  apiKey: "key",
  article: "art",
  conversation: "conv",
  message: "msg",
  decision: "dec",
  handoff: "hof",
  example: "ex",
  answer: "ans",
  event: "evt",
  version: "ver",
  rating: "csat",
  request: "req",
  contract: "ctr",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Random bytes drawn from the CSPRNG 4 KiB at a time: a system call per id showed up in profiles of the
// message path, which makes six ids per message.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function nextRandom(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = nextRandom();
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[poolOffset - 16 + i]! & 31];
  return `${ID_PREFIXES[kind]}_${time}${rand}`;
}

const ID_PATTERN = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/;

/** True when the string has the shape of a Vouch id of the given kind. */
export function isId(kind: IdKind, value: string): boolean {
  return value.startsWith(`${ID_PREFIXES[kind]}_`) && ID_PATTERN.test(value);
}
