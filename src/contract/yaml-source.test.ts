import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isVouchError } from "../shared/errors.js";
import type { Problem } from "./contract-problem.js";
import { MAX_CONTRACT_LENGTH, parseContract } from "./parse-contract.js";
import { hostileYaml } from "./test-support/hostile-yaml.js";
import { YAML_LIMITS } from "./yaml-source.js";

// Hostile documents at the HTTP body limit (256 KiB): each is refused with CONTRACT_TOO_COMPLEX by the
// parser's limits, before the yaml package composes it (composing deep nesting recurses until the stack
// overflows). How long each takes is measured by `npm run bench`, not asserted here.

const SIZE = MAX_CONTRACT_LENGTH - 16;
const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\nmetadata:\n  name: test\n";

/** The error code parseContract throws for `text`, or `ok`/`invalid` when it returns. */
function outcome(text: string): string {
  try {
    return parseContract(text).ok ? "ok" : "invalid";
  } catch (err) {
    return isVouchError(err) ? err.code : `threw ${String(err)}`;
  }
}

function problemsOf(text: string): readonly Problem[] {
  const r = parseContract(text);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

const repeatTo = (unit: string, size = SIZE) => unit.repeat(Math.floor(size / unit.length));

describe("parseContract refuses documents beyond YAML_LIMITS with CONTRACT_TOO_COMPLEX", () => {
  const hostile: Record<string, () => string> = {
    "deeply nested flow sequences": () => hostileYaml.flowNesting(SIZE),
    "an unclosed flow nesting": () => "{a: ".repeat(SIZE / 4),
    "deeply nested block mappings": () => hostileYaml.blockNesting(SIZE),
    "deeply nested compact sequences": () => hostileYaml.compactNesting(SIZE),
    "billion laughs": () => `${HEAD}${hostileYaml.billionLaughs()}\n`,
    "more aliases than allowed": () =>
      `a: &a x\nb: [${Array(YAML_LIMITS.maxAliases + 1)
        .fill("*a")
        .join(", ")}]\n`,
    "a huge flow sequence": () => hostileYaml.hugeSequence(SIZE),
    "a huge mapping": () => {
      let text = HEAD;
      for (let i = 0; text.length < SIZE - 16; i++) text += `k${i}: 1\n`;
      return text;
    },
    "a huge sequence of empty items": () => repeatTo("-\n"),
    "blank lines": () => `${HEAD}${"\n".repeat(SIZE - HEAD.length)}`,
    "comment lines": () => `${HEAD}${repeatTo("#c\n", SIZE - HEAD.length)}`,
    "anchors on one line": () => `a: ${repeatTo("&a ", SIZE - 8)}x\n`,
  };
  for (const [name, make] of Object.entries(hostile)) {
    it(name, () => {
      const text = make();
      expect(text.length).toBeLessThanOrEqual(MAX_CONTRACT_LENGTH);
      expect(outcome(text)).toBe("CONTRACT_TOO_COMPLEX");
    });
  }

  it("says which limit the document passed", () => {
    const deep = `${"[".repeat(200)}${"]".repeat(200)}`;
    expect(() => parseContract(deep)).toThrow(/nesting deeper than 64 levels/);
    expect(() => parseContract(`[${"1,".repeat(6000)}1]`)).toThrow(/more than 5000 values/);
    expect(() => parseContract("\n".repeat(30_000))).toThrow(/more than 20000 tokens/);
  });

  it("leaves real contracts, and documents near the limits, to the ordinary checks", () => {
    for (const file of ["careful-buyer.yaml", "vendor-standard.yaml"]) {
      expect(outcome(readFileSync(`examples/contracts/${file}`, "utf8")), file).toBe("ok");
    }
    // 30 levels and 3,000 values are far beyond a contract and still read: the schema judges them.
    expect(outcome(`${HEAD}x: ${"[".repeat(30)}${"]".repeat(30)}\n`)).toBe("invalid");
    expect(outcome(`${HEAD}x: [${"1,".repeat(3000)}1]\n`)).toBe("invalid");
    // One long value is one token however long it is.
    expect(outcome(`${HEAD}  revision: ${"r".repeat(SIZE - HEAD.length - 20)}\n`)).toBe("ok");
  });

  it("finds duplicate keys in a large mapping in one pass, at the second occurrence", () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `  k${i}: 1`).join("\n");
    const p = problemsOf(`${HEAD}data:\n${keys}\n  k7: 2\n`);
    expect(p.find((x) => x.code === "yaml-duplicate-key")).toMatchObject({
      path: "data.k7",
      line: 1500 + 6,
      column: 3,
    });
  });
});

describe("parseContract refuses text no store can hold", () => {
  it("a U+0000 in the file, with its line and column", () => {
    const p = problemsOf(`${HEAD}# a comment\u0000\n`);
    expect(p).toEqual([expect.objectContaining({ code: "invalid-character", line: 5, column: 12 })]);
    expect(p[0]?.message).toContain("U+0000 (NUL)");
  });

  it("a U+0000 or an unpaired surrogate written as an escape, with its path", () => {
    for (const [written, what] of [
      ["\\0", "U+0000"],
      ["\\x00", "U+0000"],
      ["\\u0000", "U+0000"],
      ["\\ud800", "U+D800"],
    ]) {
      const p = problemsOf(
        `apiVersion: vouch/v1\nkind: SupportContract\nmetadata:\n  name: "a${written}b"\n`,
      );
      expect(p, written).toEqual([
        expect.objectContaining({ code: "invalid-character", path: "metadata.name", line: 4, column: 3 }),
      ]);
      expect(p[0]?.message).toContain(what);
    }
  });

  it("keeps other control characters, which both stores hold", () => {
    const r = parseContract(`apiVersion: vouch/v1\nkind: SupportContract\nmetadata:\n  name: "a\\x01\\tb"\n`);
    expect(r.ok && r.contract.metadata.name).toBe("a\u0001\tb");
  });
});
