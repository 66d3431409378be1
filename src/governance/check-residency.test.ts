import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { contractParameters, DEFAULT_CONTRACT_PARAMETERS, parseContract } from "../contract/index.js";
import { assertResidency, checkResidency } from "./check-residency.js";
import type { Region } from "./regions.js";

const careful = readFileSync(new URL("../../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful-buyer contract (residency eu, in-region) with another residency term. */
function contractIn(region: string, processing: "in-region" | "anywhere" = "in-region"): string {
  const doc = parseDocument(careful);
  doc.setIn(["data", "residency"], doc.createNode({ region, processing }));
  return doc.toString();
}

const paramsOf = (yaml: string) => {
  const parsed = parseContract(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return contractParameters(parsed.contract);
};

describe("residency check", () => {
  const eu = paramsOf(contractIn("eu"));
  const euAnywhere = paramsOf(contractIn("eu", "anywhere"));

  it("compares the contract's region with the deployment's", () => {
    expect(checkResidency(eu, "eu")).toMatchObject({ status: "agrees", agrees: true, contractRegion: "eu" });
    expect(checkResidency(eu, "us")).toMatchObject({
      status: "mismatch",
      agrees: false,
      deploymentRegion: "us",
      contractRegion: "eu",
      processingInRegion: true,
    });
    expect(checkResidency(euAnywhere, "us")).toMatchObject({ status: "stored-elsewhere", agrees: true });
    expect(checkResidency(eu, undefined)).toMatchObject({ status: "undeclared", agrees: null });
    expect(checkResidency(undefined, "us")).toMatchObject({ status: "no-term", agrees: null });
    expect(checkResidency(DEFAULT_CONTRACT_PARAMETERS, "us")).toMatchObject({ status: "no-term" });
  });

  it("refuses only a contract that requires in-region processing elsewhere", () => {
    expect(() => assertResidency(eu, "us")).toThrowError(
      expect.objectContaining({
        code: "RESIDENCY_MISMATCH",
        status: 409,
        message: expect.stringMatching(/eu.*us/),
      }),
    );
    for (const [p, r] of [
      [eu, "eu"],
      [eu, undefined],
      [euAnywhere, "us"],
      [undefined, "us"],
    ] as const) {
      expect(() => assertResidency(p, r as Region | undefined)).not.toThrow();
    }
  });
});
