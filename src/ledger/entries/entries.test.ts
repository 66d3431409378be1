import { describe, expect, it } from "vitest";
import { toHex } from "../test-support/load-vectors.js";
import { hashLeaf } from "../tree/hash-nodes.js";
import {
  buildAdminEntry,
  buildBillingEntry,
  buildDecisionEntry,
  encodeEntry,
  readEntry,
} from "./build-entry.js";
import { canonicalizeJson } from "./canonicalize-json.js";
import { digestContent } from "./digest-personal-data.js";
import { parseEntry, validateEntry } from "./entry-schema.js";

describe("canonical JSON (RFC 8785)", () => {
  it("RFC 8785 §3.2.2 example: literals, numbers, string escapes", () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalizeJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("RFC 8785 §3.2.3 example: keys sorted by UTF-16 code units", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    const text = canonicalizeJson(input);
    const want = [
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ];
    const positions = want.map((v) => text.indexOf(v));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("RFC 8785 Appendix B: number serialisation", () => {
    const cases: [string, string][] = [
      ["0000000000000000", "0"],
      ["8000000000000000", "0"],
      ["0000000000000001", "5e-324"],
      ["8000000000000001", "-5e-324"],
      ["7fefffffffffffff", "1.7976931348623157e+308"],
      ["4340000000000000", "9007199254740992"],
      ["4430000000000000", "295147905179352830000"],
      ["44b52d02c7e14af5", "9.999999999999997e+22"],
      ["44b52d02c7e14af6", "1e+23"],
      ["3eb0c6f7a0b5ed8d", "0.000001"],
      ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ];
    for (const [bits, want] of cases) {
      const n = Buffer.from(bits, "hex").readDoubleBE(0);
      expect(canonicalizeJson(n)).toBe(want);
    }
  });

  it("rejects what JSON.stringify would silently change", () => {
    const bad: unknown[] = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      { a: undefined },
      [undefined],
      10n,
      () => 1,
      Symbol("s"),
      new Date(0),
      new Map(),
      "\ud800",
      { "\udc00": 1 },
      // biome-ignore lint/suspicious/noSparseArray: the point of the case
      [1, , 3],
    ];
    for (const v of bad) expect(() => canonicalizeJson(v), String(typeof v)).toThrow(/not canonical/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalizeJson(cyclic)).toThrow(/deeper/);
  });

  it("accepts null-prototype objects and paired surrogates", () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = "😀";
    o.a = 1;
    expect(canonicalizeJson(o)).toBe('{"a":1,"b":"😀"}');
  });
});

const base = {
  time: Date.UTC(2026, 0, 5, 9, 0, 0, 7),
  tenant: "ten_01J0000000000000000000000A",
  actor: { kind: "agent" as const, id: "agent" },
};

describe("entries", () => {
  const key = new Uint8Array(32).fill(7);

  it("builds a decision entry in canonical form, with a leaf hash over its UTF-8 bytes", () => {
    const e = buildDecisionEntry({
      ...base,
      subject: { message: "msg_1", conversation: "conv_1" },
      agentVersion: "ver_abc",
      data: {
        inputDigest: digestContent("How do I reset my password?", key),
        sources: [{ id: "art_reset", score: 0.82 }],
        confidence: 0.77,
        action: "answer",
        reason: "answered",
        latencyUs: 1234,
      },
    });
    expect(e.text).toBe(
      `{"actor":{"id":"agent","kind":"agent"},"agentVersion":"ver_abc","data":{"action":"answer","confidence":0.77,` +
        `"inputDigest":"${e.entry.data.inputDigest}","latencyUs":1234,"reason":"answered","sources":[{"id":"art_reset","score":0.82}]},` +
        `"subject":{"conversation":"conv_1","message":"msg_1"},"tenant":"ten_01J0000000000000000000000A",` +
        `"time":"2026-01-05T09:00:00.007Z","type":"decision","v":1}`,
    );
    expect(toHex(e.leafHash)).toBe(toHex(hashLeaf(new TextEncoder().encode(e.text))));
    expect(Object.isFrozen(e.entry.data)).toBe(true);
    expect(parseEntry(e.text)).toEqual({ ok: true, entry: e.entry });
  });

  it("builds admin and billing entries; optional fields are absent, not null", () => {
    const a = buildAdminEntry({
      ...base,
      actor: { kind: "user", id: "usr_1" },
      data: { action: "version.promote" },
    });
    expect(a.entry.data).toEqual({ action: "version.promote", details: {} });
    expect(a.text).not.toContain("agentVersion");
    const b = buildBillingEntry({
      ...base,
      subject: { conversation: "conv_1" },
      data: { event: "resolution", quantity: 1, idempotencyKey: "res:conv_1", reverses: undefined },
    });
    expect(b.text).not.toContain("reverses");
    expect(parseEntry(b.text).ok).toBe(true);
  });

  it("rejects invalid input with every problem named", () => {
    try {
      buildDecisionEntry({
        ...base,
        actor: { kind: "agent", id: "someone@example.com" },
        data: {
          inputDigest: "the customer's words",
          sources: [],
          confidence: 1.5,
          action: "answer",
          reason: "Because I said so",
          latencyUs: -1,
        },
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "VALIDATION_FAILED" });
      const problems = (e as { details: { problems: string[] } }).details.problems.join("\n");
      for (const path of ["actor.id", "inputDigest", "confidence", "reason", "latencyUs"]) {
        expect(problems).toContain(path);
      }
    }
  });

  it("refuses unknown fields, wrong versions and bad times", () => {
    const good = JSON.parse(buildAdminEntry({ ...base, data: { action: "export" } }).text);
    expect(validateEntry(good)).toEqual([]);
    expect(validateEntry({ ...good, extra: 1 })).toEqual(["$.extra: unknown field"]);
    expect(validateEntry({ ...good, v: 2 })[0]).toContain("$.v");
    expect(validateEntry({ ...good, time: "2026-02-30T00:00:00.000Z" })[0]).toContain("$.time");
    expect(validateEntry({ ...good, time: "2026-01-05T09:00:00Z" })[0]).toContain("$.time");
    expect(() => encodeEntry({ ...good, type: "other" })).toThrow(/type/);
  });

  it("parseEntry refuses non-canonical text: whitespace, key order, duplicate keys", () => {
    const text = buildAdminEntry({ ...base, data: { action: "export" } }).text;
    expect(parseEntry(text).ok).toBe(true);
    expect(parseEntry(` ${text}`)).toMatchObject({ ok: false, reason: /canonical/ });
    const reordered = JSON.stringify(JSON.parse(text), Object.keys(JSON.parse(text)).reverse());
    expect(parseEntry(reordered).ok).toBe(false);
    expect(parseEntry(text.replace('{"actor"', '{"v":1,"actor"')).ok).toBe(false);
    expect(parseEntry("{").ok).toBe(false);
  });

  it("readEntry takes a stored entry's canonical text and refuses any other", () => {
    const built = buildAdminEntry({ ...base, data: { action: "export" } });
    const read = readEntry(built.text);
    expect(read.entry).toEqual(built.entry);
    expect(toHex(read.leafHash)).toBe(toHex(built.leafHash));
    expect(Object.isFrozen(read.entry.actor)).toBe(true);
    expect(() => readEntry(` ${built.text}`)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
    expect(() => readEntry(built.text.replace('"v":1', '"v":2'))).toThrow(/\$\.v/);
  });

  it("digests: keyed for personal data, plain otherwise, refusing short keys", () => {
    expect(digestContent("abc")).toBe(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(digestContent("abc", key)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(digestContent("abc", key)).not.toBe(digestContent("abc", new Uint8Array(32).fill(8)));
    expect(() => digestContent("abc", new Uint8Array(8))).toThrow(/16 bytes/);
  });

  it("keyed digests are HMAC-SHA256 (RFC 4231 test case 6: a key longer than a block)", () => {
    expect(
      digestContent("Test Using Larger Than Block-Size Key - Hash Key First", new Uint8Array(131).fill(0xaa)),
    ).toBe("hmac-sha256:60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  });
});

describe("canonicalisation's fast path", () => {
  // An independent, obviously correct JCS for values without unpaired surrogates: sort, recurse, stringify.
  const reference = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(reference).join(",")}]`;
    if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
        .join(",")}}`;
    }
    return JSON.stringify(v);
  };
  // The same value rebuilt with every object's keys inserted in sorted order (what the fast path takes).
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      // fromEntries defines own properties: an assignment would set the prototype for a "__proto__" key.
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, sorted(o[k])]),
      );
    }
    return v;
  };

  it("writes exactly what full canonicalisation writes, in any key order", async () => {
    const fc = (await import("fast-check")).default;
    // A key named __proto__ is an own property like any other (fast-check found the test's helper dropping it).
    expect(canonicalizeJson(sorted(JSON.parse('{"b":1,"__proto__":0}')))).toBe('{"__proto__":0,"b":1}');
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const want = reference(value);
        expect(canonicalizeJson(value)).toBe(want);
        expect(canonicalizeJson(sorted(value))).toBe(want);
      }),
      { numRuns: 500 },
    );
  });

  it("still refuses what is not canonical JSON when the keys are sorted", () => {
    expect(() => canonicalizeJson({ a: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalizeJson({ a: "\ud800" })).toThrow(/surrogate/);
    expect(() => canonicalizeJson({ a: undefined })).toThrow(/not JSON/);
    expect(() => canonicalizeJson({ a: new Date(0) })).toThrow(/plain object/);
    // biome-ignore lint/suspicious/noSparseArray: a sparse array is the input under test
    expect(() => canonicalizeJson({ a: [1, , 2] })).toThrow(/sparse/);
    expect(canonicalizeJson({ a: -0, b: [1e21, 0.1] })).toBe('{"a":0,"b":[1e+21,0.1]}');
  });
});

describe("buildDecisionEntry, over arbitrary input", () => {
  // Each field: mostly values the rules accept, sometimes one they refuse, so that about half the inputs
  // are valid entries and the other half break one rule or a few.
  const field = async () => {
    const fc = (await import("fast-check")).default;
    const mostly = <T, U>(ok: import("fast-check").Arbitrary<T>, bad: import("fast-check").Arbitrary<U>) =>
      fc.oneof({ arbitrary: ok, weight: 30 }, { arbitrary: bad, weight: 1 });
    const id = mostly(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/+=-]{0,20}$/),
      fc.constantFrom("", "a b", "me@example.com", "x".repeat(129), "é", "\ud800", 'a"b', "a\\b", 7),
    );
    const digest = mostly(
      fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `hmac-sha256:${h}`),
      fc.constantFrom("sha256:abc", "hmac-sha256:XYZ", "plain words"),
    );
    const code = mostly(fc.constantFrom("answered", "low_confidence", "human.request"), fc.string());
    const number = mostly(
      fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-0, 0, 1, 5e-324, 1e-7)),
      fc.constantFrom(1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e21, "0.5"),
    );
    return fc.record({
      time: mostly(
        fc.integer({ min: 0, max: 253_402_300_799_999 }),
        fc.constantFrom(253_402_300_800_000, -1, 1.5, 8.64e15 + 1),
      ),
      tenant: id,
      actor: fc.record({ kind: mostly(fc.constantFrom("agent", "user"), fc.constant("robot")), id }),
      agentVersion: fc.option(id, { nil: undefined }),
      subject: fc.dictionary(
        mostly(
          fc.constantFrom("conversation", "message", "decision", "constructor", "toString"),
          fc.oneof(fc.constantFrom("__proto__", "0", "Kind", "a-b"), fc.string({ maxLength: 4 })),
        ),
        id,
        { maxKeys: 4 },
      ),
      data: fc.record({
        inputDigest: digest,
        outputDigest: fc.option(digest, { nil: undefined }),
        sources: fc.array(
          fc.record({
            id,
            score: mostly(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(Number.NaN)),
          }),
          { maxLength: 4 },
        ),
        confidence: number,
        action: mostly(fc.constantFrom("answer", "escalate"), fc.constant("reply")),
        reason: code,
        latencyUs: mostly(fc.nat(), fc.constantFrom(-1, 1.5)),
      }),
    });
  };

  it("accepts exactly what validateEntry accepts, and writes the canonical text", async () => {
    const fc = (await import("fast-check")).default;
    const outcomes = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(await field(), (input) => {
        let built: ReturnType<typeof buildDecisionEntry> | undefined;
        try {
          built = buildDecisionEntry(input as Parameters<typeof buildDecisionEntry>[0]);
        } catch (e) {
          expect(e).toMatchObject({ code: "VALIDATION_FAILED" });
        }
        // What the general path says of the same entry, assembled the plain way.
        const d = input.data;
        const assembled = JSON.parse(
          JSON.stringify({
            actor: { id: input.actor.id, kind: input.actor.kind },
            agentVersion: input.agentVersion,
            data: { ...d, sources: d.sources },
            subject: input.subject,
            tenant: input.tenant,
            time:
              Number.isSafeInteger(input.time) && Math.abs(input.time) <= 8.64e15
                ? new Date(input.time).toISOString()
                : "",
            type: "decision",
            v: 1,
          }),
        ) as unknown;
        const numbersOk = [d.confidence, d.latencyUs, ...d.sources.map((s) => s.score)].every(
          Number.isFinite,
        );
        const valid = numbersOk && validateEntry(assembled).length === 0;
        expect(built !== undefined).toBe(valid);
        outcomes[valid ? "valid" : "invalid"]++;
        if (built) {
          expect(built.text).toBe(canonicalizeJson(built.entry));
          expect(parseEntry(built.text)).toEqual({ ok: true, entry: built.entry });
          expect(Object.isFrozen(built.entry.data.sources)).toBe(true);
          for (const source of built.entry.data.sources) expect(Object.isFrozen(source)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // Both kinds of input were tried, many times each.
    expect(outcomes.valid).toBeGreaterThan(400);
    expect(outcomes.invalid).toBeGreaterThan(400);
  });
});
