import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import type { ActiveContractView } from "../src/contract/index.js";
import type { GovernanceStatusView } from "../src/governance/index.js";
import { buildServer } from "../src/http/build-server.js";
import { recordDecision } from "../src/ledger/index.js";
import { createTestApp, DIALECTS, json, type TestApp, uploadContract } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful buyer's contract with other handoff terms. */
function withHandoff(handoff: Record<string, unknown>): string {
  const doc = parseDocument(careful);
  for (const [k, v] of Object.entries(handoff)) doc.setIn(["escalation", "handoff", k], doc.createNode(v));
  return doc.toString();
}

interface ErrorBody {
  error: { code: string; message: string; details: { terms: { term: string; value: string }[] } };
}

for (const dialect of DIALECTS) {
  describe(`the contract's handoff terms (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    const upload = (yaml: string) => uploadContract(t, yaml);
    const activate = async (yaml: string) =>
      t.request("POST", `/v1/contracts/${await upload(yaml)}/activate`, { body: {} });
    /** A conversation the agent hands over at once; its handoff id. */
    const handedOver = async (metadata: Record<string, string> = {}) => {
      const r = await t.request("POST", "/v1/conversations", {
        key: t.keys.agent,
        body: { content: "I want to talk to a person", customerRef: "cust-7", metadata },
      });
      expect(r.statusCode, r.body).toBe(201);
      return json<{ exchange: { handoff: { id: string } } }>(r).exchange.handoff.id;
    };

    it("refuses a target or a fallback this deployment cannot deliver to, and records nothing", async () => {
      for (const [handoff, term, value] of [
        [{ target: "hubspot" }, "escalation.handoff.target", "hubspot"],
        [
          { fallback: { channel: "email", maxDelayMinutes: 5 } },
          "escalation.handoff.fallback.channel",
          "email",
        ],
        [
          { fallback: { channel: "slack", maxDelayMinutes: 5 } },
          "escalation.handoff.fallback.channel",
          "slack",
        ],
      ] as const) {
        const r = await activate(withHandoff(handoff));
        expect(r.statusCode, JSON.stringify(handoff)).toBe(409);
        expect(json<ErrorBody>(r).error.code).toBe("CONTRACT_TERM_UNSUPPORTED");
        expect(json<ErrorBody>(r).error.details.terms).toEqual([expect.objectContaining({ term, value })]);
      }
      expect((await t.request("GET", "/v1/contracts/active")).statusCode).toBe(404);
      // Falling back to the inbox or a queue is what the inbox does already: honoured.
      expect(
        (await activate(withHandoff({ fallback: { channel: "inbox", maxDelayMinutes: 1 } }))).statusCode,
      ).toBe(201);
      const active = json<ActiveContractView>(await t.request("GET", "/v1/contracts/active"));
      expect(active.unsupported).toEqual([]);
    });

    it("limits what a handoff carries to the contract's payload, in the store and in the inbox", async () => {
      const before = await handedOver({ plan: "pro" });
      expect((await activate(withHandoff({ payload: ["summary", "reason", "metadata"] }))).statusCode).toBe(
        201,
      );
      const after = await handedOver({ plan: "pro" });

      const detail = async (id: string) =>
        json<{ reason?: string; summary?: string; packet: Record<string, unknown> }>(
          await t.request("GET", `/v1/handoffs/${id}`, { key: t.keys.agent }),
        );
      const limited = await detail(after);
      expect(Object.keys(limited.packet).sort()).toEqual(
        ["agentVersion", "detail", "metadata", "payload", "reasonText"].sort(),
      );
      expect(limited.packet).toMatchObject({
        payload: ["summary", "reason", "metadata"],
        metadata: { plan: "pro" },
      });
      expect(limited).toMatchObject({ reason: "customer_requested_human", summary: expect.any(String) });
      const stored = await t.store.db
        .selectFrom("handoffs")
        .select("packet")
        .where("handoff_id", "=", after)
        .executeTakeFirstOrThrow();
      expect(stored.packet).not.toContain("cust-7");
      expect(JSON.parse(stored.packet)).not.toHaveProperty("transcript");
      // A handoff made before keeps what its contract (none: every field) gave it.
      const earlier = await detail(before);
      expect(earlier.packet).toMatchObject({ customerRef: "cust-7", metadata: { plan: "pro" } });
      expect(earlier.packet.transcript).toHaveLength(2);

      // Without summary and reason in the payload, the inbox list shows neither.
      await activate(withHandoff({ payload: ["transcript"] }));
      const bare = await handedOver();
      const list = json<{ items: { id: string; reason?: string; summary?: string }[] }>(
        await t.request("GET", "/v1/handoffs", { key: t.keys.agent }),
      ).items;
      const item = list.find((h) => h.id === bare);
      expect(item).toMatchObject({ id: bare, status: "open" });
      expect(item).not.toHaveProperty("reason");
      expect(item).not.toHaveProperty("summary");
      expect(list.find((h) => h.id === before)).toHaveProperty("summary");
      expect(Object.keys((await detail(bare)).packet).sort()).toEqual([
        "agentVersion",
        "payload",
        "transcript",
      ]);
    });

    it("reports plainly a contract in force with terms this deployment cannot honour", async () => {
      // Activated by a deployment that did not check, as an earlier version of Vouch did.
      const lax = await buildServer(
        {
          store: t.store,
          clock: t.clock,
          agent: t.agent,
          handoffs: t.handoffs,
          recordDecision,
          rootKeyHash: undefined,
        },
        { logLevel: "silent" },
      );
      const id = await upload(withHandoff({ target: "zendesk" }));
      const r = await lax.inject({
        method: "POST",
        url: `/v1/contracts/${id}/activate`,
        headers: { authorization: `Bearer ${t.keys.admin}`, "content-type": "application/json" },
        payload: "{}",
      });
      await lax.close();
      expect(r.statusCode, r.body).toBe(201);
      const active = json<ActiveContractView>(await t.request("GET", "/v1/contracts/active"));
      expect(active.unsupported).toEqual([
        expect.objectContaining({ term: "escalation.handoff.target", value: "zendesk" }),
      ]);
      const status = json<GovernanceStatusView>(await t.request("GET", "/v1/governance/status"));
      expect(status.unhonoured).toEqual([
        expect.objectContaining({ term: "escalation.handoff.target", value: "zendesk" }),
      ]);
      // What the running system does meanwhile: the handoff is delivered to the inbox.
      const handoff = json<{ target: string }>(
        await t.request("GET", `/v1/handoffs/${await handedOver()}`, { key: t.keys.agent }),
      );
      expect(handoff.target).toBe("inbox");
    });
  });
}
