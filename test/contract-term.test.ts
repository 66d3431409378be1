import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import type { ActiveContractView } from "../src/contract/index.js";
import type { GovernanceStatusView } from "../src/governance/index.js";
import { governanceJob } from "../src/governance/index.js";
import { createTestApp, DIALECTS, json, type TestApp, uploadContract } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful-buyer contract with another term (and a pilot inside it), escalating below `threshold`. */
function contractFor(
  term: { start: string; end?: string; renewal?: string },
  threshold = 0.55,
  revision = `${term.start} ${term.end ?? ""} ${term.renewal ?? ""} ${threshold}`,
): string {
  const doc = parseDocument(careful);
  doc.setIn(["metadata", "revision"], revision);
  doc.setIn(["term", "start"], term.start);
  if (term.end === undefined) doc.deleteIn(["term", "end"]);
  else doc.setIn(["term", "end"], term.end);
  if (term.renewal) doc.setIn(["term", "renewal", "kind"], term.renewal);
  doc.deleteIn(["pilot"]);
  doc.setIn(["escalation", "triggers", 1, "threshold"], threshold);
  return doc.toString();
}

interface ErrorBody {
  error: { code: string; message: string };
}

for (const dialect of DIALECTS) {
  describe(`a contract binds only within its term (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      // The test clock starts at 2026-01-05T09:00Z.
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    const upload = (yaml: string) => uploadContract(t, yaml);
    const activate = (id: string, body: object = {}) =>
      t.request("POST", `/v1/contracts/${id}/activate`, { body });
    const ask = async () =>
      json<{ exchange: { decision: { action: string } } }>(
        await t.request("POST", "/v1/conversations", {
          key: t.keys.agent,
          body: { content: "how do I export my data please" },
        }),
      ).exchange.decision.action;

    it("refuses to activate a contract whose term has ended, and records nothing", async () => {
      const id = await upload(contractFor({ start: "2023-01-01", end: "2024-12-31" }));
      const r = await activate(id);
      expect(r.statusCode).toBe(409);
      expect(json<ErrorBody>(r).error).toMatchObject({
        code: "CONTRACT_OUT_OF_TERM",
        message: expect.stringContaining("term ended on 2024-12-31"),
      });
      expect((await t.request("GET", "/v1/contracts/active")).statusCode).toBe(404);
      // A term that renews automatically has not ended: Vouch cannot see a notice of non-renewal.
      const renewing = await upload(contractFor({ start: "2023-01-01", end: "2024-12-31", renewal: "auto" }));
      expect((await activate(renewing)).statusCode).toBe(201);
    });

    it("schedules a contract whose term has not started for its first day, and refuses an earlier date", async () => {
      const id = await upload(contractFor({ start: "2026-03-01", end: "2027-02-28" }));
      const early = await activate(id, { effectiveFrom: "2026-02-01T00:00:00Z" });
      expect(early.statusCode).toBe(409);
      expect(json<ErrorBody>(early).error.code).toBe("CONTRACT_OUT_OF_TERM");
      const r = await activate(id);
      expect(r.statusCode, r.body).toBe(201);
      expect(json<{ activation: { state: string; effectiveFrom: string } }>(r).activation).toEqual(
        expect.objectContaining({ state: "pending", effectiveFrom: "2026-03-01T00:00:00.000Z" }),
      );
    });

    it("stops binding when the term ends: defaults apply, and status and active say so", async () => {
      // Escalates everything while in force; the term's last day is 2026-01-31.
      const id = await upload(contractFor({ start: "2025-01-01", end: "2026-01-31" }, 0.99));
      expect((await activate(id)).statusCode).toBe(201);
      expect(await ask()).toBe("escalate");

      t.clock.set(Date.parse("2026-01-31T23:59:59Z"));
      expect(await ask()).toBe("escalate");
      const lastDay = json<ActiveContractView>(await t.request("GET", "/v1/contracts/active"));
      expect(lastDay).toMatchObject({ binding: true, notBinding: null });

      t.clock.set(Date.parse("2026-02-01T00:00:00Z"));
      expect(await ask()).toBe("answer");
      const active = json<ActiveContractView>(await t.request("GET", "/v1/contracts/active"));
      expect(active.binding).toBe(false);
      expect(active.notBinding).toContain("term ended on 2026-01-31");
      const status = json<GovernanceStatusView>(await t.request("GET", "/v1/governance/status"));
      expect(status.contract).toMatchObject({ id, binding: false });
      expect(status.contract?.notBinding).toContain("term ended on 2026-01-31");
      expect(status.terms.source).toBe("default");
      // Asked about a time within the term, it still binds then.
      const then = json<ActiveContractView>(
        await t.request("GET", `/v1/contracts/active?at=${encodeURIComponent("2026-01-20T00:00:00Z")}`),
      );
      expect(then.binding).toBe(true);

      // The background job says so too, on every run until a current contract is activated.
      const errors: string[] = [];
      const run = governanceJob(
        { store: t.store, clock: t.clock },
        { region: undefined },
        { info: () => {}, error: (_obj, msg) => errors.push(msg) },
      );
      await run();
      expect(errors[0]).toMatch(new RegExp(`^contract ${id} binds nothing: its term ended on 2026-01-31`));

      // Activating it again is refused: its term is over.
      expect((await activate(id)).statusCode).toBe(409);
    });
  });
}
