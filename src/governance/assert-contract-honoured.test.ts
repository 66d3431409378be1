import { describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT_PARAMETERS } from "../contract/index.js";
import { isVouchError } from "../shared/errors.js";
import { assertContractHonoured, unhonouredTerms } from "./assert-contract-honoured.js";

const params = (
  escalation: Partial<(typeof DEFAULT_CONTRACT_PARAMETERS)["escalation"]>,
  residency: "eu" | "us" | null = null,
) => ({
  escalation: { ...DEFAULT_CONTRACT_PARAMETERS.escalation, ...escalation },
  residency,
  processingInRegion: residency !== null,
});

const codeOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return isVouchError(e) ? e.code : String(e);
  }
};

describe("the deployment's policy on contract terms", () => {
  it("honours the inbox, and a fallback to the inbox or a queue", () => {
    for (const fallbackChannel of [null, "inbox", "queue"] as const) {
      expect(unhonouredTerms(params({ fallbackChannel }), "eu")).toEqual([]);
      expect(codeOf(() => assertContractHonoured(params({ fallbackChannel }), "eu"))).toBeUndefined();
    }
  });

  it("lists every term it cannot honour, residency included, and refuses each with its code", () => {
    const all = params({ handoffTarget: "intercom", fallbackChannel: "email" }, "us");
    expect(unhonouredTerms(all, "eu").map((t) => [t.term, t.value])).toEqual([
      ["data.residency", "us, in-region"],
      ["escalation.handoff.target", "intercom"],
      ["escalation.handoff.fallback.channel", "email"],
    ]);
    expect(codeOf(() => assertContractHonoured(all, "eu"))).toBe("RESIDENCY_MISMATCH");
    expect(codeOf(() => assertContractHonoured(all, "us"))).toBe("CONTRACT_TERM_UNSUPPORTED");
    expect(codeOf(() => assertContractHonoured(params({ fallbackChannel: "slack" }), undefined))).toBe(
      "CONTRACT_TERM_UNSUPPORTED",
    );
  });
});
