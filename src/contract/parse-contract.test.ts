import { describe, expect, it } from "vitest";
import type { Problem } from "./contract-problem.js";
import { parseContract } from "./parse-contract.js";

const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\nmetadata:\n  name: test\n";

/** Parses a document that must fail and returns its problems. */
function problems(text: string): readonly Problem[] {
  const result = parseContract(text);
  if (result.ok) throw new Error("expected problems, the document parsed");
  return result.problems;
}

/** The only problem of a document, checked for code, path, line and column. */
function only(text: string): Problem {
  const list = problems(text);
  expect(list, JSON.stringify(list, null, 2)).toHaveLength(1);
  return list[0] as Problem;
}

const at = (p: Problem) => ({ code: p.code, path: p.path, line: p.line, column: p.column });

describe("parseContract: valid documents", () => {
  it("returns the typed, deeply frozen contract", () => {
    const r = parseContract(`${HEAD}sla:\n  objectives:\n    - { metric: resolution_rate, floor: 0.6 }\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.contract.metadata.name).toBe("test");
    expect(r.contract.sla?.objectives?.[0]?.floor).toBe(0.6);
    expect(Object.isFrozen(r.contract.sla?.objectives?.[0])).toBe(true);
    expect(r.source.locate(["sla", "objectives", 0, "floor"])).toEqual({ line: 7, column: 34 });
    expect(r.source.scalarText(["sla", "objectives", 0, "floor"])).toBe("0.6");
  });

  it("accepts JSON (a subset of YAML) and a byte-order mark", () => {
    const json = JSON.stringify({ apiVersion: "vouch/v1", kind: "SupportContract", metadata: { name: "j" } });
    expect(parseContract(json).ok).toBe(true);
    expect(parseContract(`\uFEFF${HEAD}`).ok).toBe(true);
  });

  it("uses the YAML 1.2 core schema whatever the document declares: dates stay strings, yes is not true", () => {
    const r = parseContract(`%YAML 1.1\n---\n${HEAD}  revision: yes\nterm: { start: 2025-01-01 }\n`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.contract.metadata.revision).toBe("yes");
      expect(r.contract.term?.start).toBe("2025-01-01");
    }
  });
});

describe("parseContract: YAML problems", () => {
  it("reports syntax errors at their position", () => {
    expect(at(only(`${HEAD}sla:\n  objectives: [1, 2\n`))).toEqual({
      code: "yaml-syntax",
      path: "",
      line: 7,
      column: 1,
    });
  });

  it("reports a duplicate key with its path and the position of the second occurrence", () => {
    const p = only(`${HEAD}changeManagement:\n  noticeDays: 30\n  noticeDays: 14\n`);
    expect(at(p)).toEqual({
      code: "yaml-duplicate-key",
      path: "changeManagement.noticeDays",
      line: 7,
      column: 3,
    });
    expect(p.message).toContain('"noticeDays" appears twice');
  });

  it("rejects a second document, custom tags and collection keys", () => {
    expect(at(only(`${HEAD}---\nkind: x\n`))).toMatchObject({ code: "yaml-syntax", line: 5 });
    expect(at(only(`${HEAD}  revision: !secret x\n`))).toEqual({
      code: "yaml-unsupported",
      path: "",
      line: 5,
      column: 13,
    });
    expect(at(only(`${HEAD}  ? [a, b]\n  : 1\n`))).toMatchObject({
      code: "yaml-unsupported",
      path: "metadata",
    });
  });

  it("refuses alias expansion bombs instead of exhausting memory", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [*${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}, *${"abcdefgh"[i]}]`,
      );
    expect(() => parseContract(bomb.join("\n"))).toThrow(/aliases that expand beyond their bound/);
  });

  it("reports an empty document and one over the size limit", () => {
    expect(at(only(""))).toEqual({ code: "document-empty", path: "", line: 1, column: 1 });
    expect(at(only("# only a comment\n"))).toEqual({ code: "document-empty", path: "", line: 1, column: 1 });
    expect(parseContract(HEAD, { maxLength: 10 })).toMatchObject({
      ok: false,
      problems: [{ code: "document-too-large" }],
    });
  });
});

describe("parseContract: schema problems", () => {
  it("rejects a document that is not a mapping", () => {
    expect(at(only("- a\n- b\n"))).toEqual({ code: "wrong-type", path: "", line: 1, column: 1 });
  });

  it("names missing required keys at their parent", () => {
    const list = problems("apiVersion: vouch/v1\nmetadata: {}\n");
    expect(list.map(at)).toEqual([
      { code: "missing-key", path: "kind", line: 1, column: 1 },
      { code: "missing-key", path: "metadata.name", line: 2, column: 1 },
    ]);
  });

  it("rejects a wrong apiVersion and kind", () => {
    const list = problems("apiVersion: vouch/v2\nkind: Contract\nmetadata: { name: x }\n");
    expect(list.map(at)).toEqual([
      { code: "invalid-value", path: "apiVersion", line: 1, column: 1 },
      { code: "invalid-value", path: "kind", line: 2, column: 1 },
    ]);
    expect(list[0]?.message).toBe('must be "vouch/v1", got string "vouch/v2"');
  });

  it("reports every unknown key at the key, with a suggestion for typos", () => {
    const list = problems(
      `${HEAD}sla:\n  objectives:\n    - metric: csat\n      flor: 4\n  creditz: {}\nextra: 1\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "unknown-key", path: "sla.objectives[0].flor", line: 8, column: 7 },
      { code: "unknown-key", path: "sla.creditz", line: 9, column: 3 },
      { code: "unknown-key", path: "extra", line: 10, column: 1 },
    ]);
    expect(list[0]?.message).toBe('unknown key "flor" in sla.objectives[0]; did you mean "floor"?');
    expect(list[1]?.message).toContain('did you mean "credits"?');
    expect(list[2]?.message).toContain("allowed keys: apiVersion, kind, metadata");
  });

  it("reports wrong types", () => {
    const p = only(`${HEAD}changeManagement:\n  noticeDays: thirty\n`);
    expect(at(p)).toEqual({ code: "wrong-type", path: "changeManagement.noticeDays", line: 6, column: 3 });
    expect(p.message).toBe('must be a whole number, got string "thirty"');
    expect(only(`${HEAD}sla: gold\n`).message).toBe(
      'must be a mapping (key: value entries), got string "gold"',
    );
  });

  it("requires money as a quoted decimal string, never a float", () => {
    const list = problems(
      `${HEAD}pricing:\n  currency: USD\n  platformFee: 1500.5\n  overageCap: "1,000"\n  minimumCommitment: "-5"\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "wrong-type", path: "pricing.platformFee", line: 7, column: 3 },
      { code: "invalid-value", path: "pricing.overageCap", line: 8, column: 3 },
      { code: "invalid-value", path: "pricing.minimumCommitment", line: 9, column: 3 },
    ]);
    expect(list[0]?.message).toMatch(/^money is a decimal string in major units, quoted/);
  });

  it("reports unknown metric and integration names with a suggestion", () => {
    const list = problems(
      `${HEAD}sla:\n  objectives:\n    - { metric: resolution, floor: 0.5 }\nintegrations:\n  - name: zendeks\n  - name: salesforce\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "unknown-metric", path: "sla.objectives[0].metric", line: 7, column: 9 },
      { code: "unknown-integration", path: "integrations[0].name", line: 9, column: 5 },
      { code: "unknown-integration", path: "integrations[1].name", line: 10, column: 5 },
    ]);
    expect(list[0]?.message).toMatch(/^unknown metric "resolution"; did you mean "resolution_rate"\?/);
    expect(list[1]?.message).toMatch(/did you mean "zendesk"/);
    expect(list[2]?.message).toContain("expected one of: zendesk, intercom, hubspot, stripe, linear, slack");
  });

  it("reports negative days, percentages outside 0–100 and shares outside 0–1", () => {
    const list = problems(
      `${HEAD}changeManagement:\n  noticeDays: -7\n  parallelTesting: { shadowTrafficShare: 1.5 }\nsla:\n  credits: { cap: 120 }\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "out-of-range", path: "changeManagement.noticeDays", line: 6, column: 3 },
      {
        code: "out-of-range",
        path: "changeManagement.parallelTesting.shadowTrafficShare",
        line: 7,
        column: 22,
      },
      { code: "out-of-range", path: "sla.credits.cap", line: 9, column: 14 },
    ]);
    expect(list[0]?.message).toBe("must be ≥ 0, got number -7");
    expect(list[2]?.message).toBe("must be ≤ 100 percent, got number 120");
  });

  it("reports dates that do not exist and malformed windows", () => {
    const list = problems(
      `${HEAD}term: { start: 2025-02-30 }\nsla:\n  objectives:\n    - { metric: csat, floor: 4, window: monthly }\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "invalid-value", path: "term.start", line: 5, column: 9 },
      { code: "invalid-window", path: "sla.objectives[0].window", line: 8, column: 33 },
    ]);
  });

  it("reports an upTo that is neither a whole number ≥ 1 nor null", () => {
    const list = problems(
      `${HEAD}pricing:\n  currency: USD\n  charges:\n    - model: graduated\n      tiers:\n        - { upTo: 0 }\n        - { upTo: lots }\n`,
    );
    expect(list.map(at)).toEqual([
      { code: "out-of-range", path: "pricing.charges[0].tiers[0].upTo", line: 10, column: 13 },
      { code: "wrong-type", path: "pricing.charges[0].tiers[1].upTo", line: 11, column: 13 },
    ]);
  });

  it("reports a name listed twice at the second occurrence", () => {
    const p = only(
      `${HEAD}data:\n  certifications:\n    - soc2-type-2\n    - iso-27001\n    - soc2-type-2\n`,
    );
    expect(at(p)).toEqual({ code: "duplicate-entry", path: "data.certifications[2]", line: 9, column: 7 });
  });

  it("reports all problems at once, beyond TypeBox's default of 8", () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}: 1`).join("\n");
    expect(problems(`${HEAD}${keys}\n`)).toHaveLength(12);
  });
});
