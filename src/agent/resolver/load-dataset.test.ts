import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isVouchError } from "../../shared/errors.js";
import { loadIntentDataset, parseIntentDataset } from "./load-dataset.js";

const VALID = {
  train: [["reset my password", "pw"]],
  val: [["forgot password", "pw"]],
  test: [["password help", "pw"]],
  oos_val: [["weather today", "oos"]],
  oos_test: [["pizza", "oos"]],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isVouchError(err) ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return undefined;
}

describe("parseIntentDataset", () => {
  it("reads the CLINC150 layout", () => {
    const d = parseIntentDataset(JSON.stringify(VALID), "x.json");
    expect(d.train).toEqual([["reset my password", "pw"]]);
    expect(d.oosTest).toHaveLength(1);
  });

  it("reports bad JSON, wrong shapes and missing splits as DATASET_INVALID naming the file", () => {
    expect(codeOf(() => parseIntentDataset("{nope", "a.json"))).toMatch(
      /^DATASET_INVALID: a\.json: not valid JSON/,
    );
    expect(codeOf(() => parseIntentDataset("[]", "a.json"))).toMatch(/^DATASET_INVALID: .*JSON object/);
    const { test: _omit, ...noTest } = VALID;
    expect(codeOf(() => parseIntentDataset(JSON.stringify(noTest), "a.json"))).toMatch(
      /missing split "test"/,
    );
    const badPair = { ...VALID, train: [["text only"]] };
    expect(codeOf(() => parseIntentDataset(JSON.stringify(badPair), "a.json"))).toMatch(
      /train\[0\] is not a \[text, label\]/,
    );
    const empty = { ...VALID, train: [] };
    expect(codeOf(() => parseIntentDataset(JSON.stringify(empty), "a.json"))).toMatch(/must not be empty/);
  });
});

describe("loadIntentDataset", () => {
  it("reports a missing file clearly", () => {
    expect(codeOf(() => loadIntentDataset("/nonexistent/data.json"))).toMatch(
      /^DATASET_INVALID: .*file not found/,
    );
  });

  it("loads a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "vouch-ds-"));
    const path = join(dir, "d.json");
    writeFileSync(path, JSON.stringify(VALID));
    expect(loadIntentDataset(path).val).toHaveLength(1);
    expect(codeOf(() => loadIntentDataset(dir))).toMatch(/^DATASET_INVALID: .*is a directory/);
  });
});
