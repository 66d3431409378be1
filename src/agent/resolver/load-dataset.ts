/**
 * Reads an intent dataset in the CLINC150 (oos-eval) layout: one JSON object whose `train`, `val`,
 * `test`, `oos_val` and `oos_test` keys each hold a list of `[text, label]` pairs. Every problem is a
 * DATASET_INVALID error that names the file and what is wrong with it.
 */

import { readFileSync } from "node:fs";
import { VouchError } from "../../shared/errors.js";

/** A labelled utterance: `[text, label]`. */
export type LabelledText = readonly [text: string, label: string];

/** The splits the resolver bench uses (oos_train is deliberately not read: the resolver never sees OOS). */
export interface IntentDataset {
  readonly train: readonly LabelledText[];
  readonly val: readonly LabelledText[];
  readonly test: readonly LabelledText[];
  readonly oosVal: readonly LabelledText[];
  readonly oosTest: readonly LabelledText[];
}

const SPLITS = { train: "train", val: "val", test: "test", oosVal: "oos_val", oosTest: "oos_test" } as const;

/** Parses dataset JSON text; `source` names the file in error messages. */
export function parseIntentDataset(json: string, source: string): IntentDataset {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new VouchError("DATASET_INVALID", `${source}: not valid JSON (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new VouchError("DATASET_INVALID", `${source}: expected a JSON object with train/val/test splits`);
  }
  const obj = raw as Record<string, unknown>;
  const split = (key: string): LabelledText[] => {
    const list = obj[key];
    if (!Array.isArray(list)) {
      throw new VouchError(
        "DATASET_INVALID",
        `${source}: missing split "${key}" (a list of [text, label] pairs)`,
      );
    }
    return list.map((item, i) => {
      if (
        !Array.isArray(item) ||
        item.length < 2 ||
        typeof item[0] !== "string" ||
        typeof item[1] !== "string"
      ) {
        throw new VouchError(
          "DATASET_INVALID",
          `${source}: ${key}[${i}] is not a [text, label] pair of strings`,
        );
      }
      return [item[0], item[1]] as const;
    });
  };
  const data: IntentDataset = {
    train: split(SPLITS.train),
    val: split(SPLITS.val),
    test: split(SPLITS.test),
    oosVal: split(SPLITS.oosVal),
    oosTest: split(SPLITS.oosTest),
  };
  if (data.train.length === 0 || data.val.length === 0 || data.test.length === 0) {
    throw new VouchError("DATASET_INVALID", `${source}: train, val and test must not be empty`);
  }
  return data;
}

/** Reads and parses a dataset file. */
export function loadIntentDataset(path: string): IntentDataset {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new VouchError("DATASET_INVALID", `${path}: cannot read dataset (${why})`);
  }
  return parseIntentDataset(text, path);
}
