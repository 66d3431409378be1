import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { settleOutcomes } from "../src/conversations/index.js";
import { DAY, HOUR } from "../src/shared/clock.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful-buyer contract with values changed (`path` → value), as a YAML string. */
function variant(changes: readonly [readonly (string | number)[], unknown][]): string {
  const doc = parseDocument(careful);
  for (const [path, value] of changes) doc.setIn(path, value);
  return doc.toString();
}

/** The careful-buyer contract with a few values changed, as a YAML string. */
function contractWith(lowConfidence: number, inactivityHours: number): string {
  return variant([
    [["escalation", "triggers", 1, "threshold"], lowConfidence],
    [["sla", "resolution", "inactivityHours"], inactivityHours],
  ]);
}

interface Exchange {
  conversationId: string;
  exchange: { decision: { action: string; reason: string; agentVersion: string } };
}

for (const dialect of DIALECTS) {
  describe(`the active contract drives the agent (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(() => t.close());

    const ask = async (content: string) =>
      json<Exchange>(await t.request("POST", "/v1/conversations", { key: t.keys.agent, body: { content } }));
    const activate = async (yaml: string) => {
      const up = await t.request("POST", "/v1/contracts", {
        payload: yaml,
        headers: { "content-type": "application/yaml" },
      });
      expect(up.statusCode).toBeLessThan(300);
      const id = json<{ contract: { id: string } }>(up).contract.id;
      const act = await t.request("POST", `/v1/contracts/${id}/activate`, { body: {} });
      expect(act.statusCode).toBe(201);
    };

    it("a stricter confidence threshold takes effect on the next message, without a restart", async () => {
      const before = await ask("how do I export my data please");
      expect(before.exchange.decision.action).toBe("answer");
      await activate(contractWith(0.99, 24));
      const after = await ask("how do I export my data please");
      expect(after.exchange.decision).toMatchObject({ action: "escalate", reason: "low_confidence" });
      expect(after.exchange.decision.agentVersion).not.toBe(before.exchange.decision.agentVersion);
      await activate(contractWith(0.05, 24));
      expect((await ask("how do I export my data please")).exchange.decision.action).toBe("answer");
    });

    it("the contract's inactivity window decides when a resolution is assumed", async () => {
      await activate(contractWith(0.05, 2));
      const { conversationId } = await ask("how do I invite a colleague");
      t.clock.advance(3 * HOUR);
      const r = await settleOutcomes({ store: t.store, clock: t.clock });
      expect(r.resolved).toBe(1);
      const c = json<{ conversation: { outcome: { state: string } } }>(
        await t.request("GET", `/v1/conversations/${conversationId}`),
      );
      expect(c.conversation.outcome.state).toBe("resolved");
    });

    it("data.trainingUse: none stops learning: approvals are refused and learned answers go unused", async () => {
      const question = "what is your data retention period for deleted projects";
      const resolveHandoff = async (id: string) => {
        await t.request("POST", `/v1/handoffs/${id}/reply`, {
          key: t.keys.agent,
          body: { content: "Deleted projects are kept for 30 days, then purged." },
        });
        await t.request("POST", `/v1/handoffs/${id}/resolve`, {
          key: t.keys.agent,
          body: { resolution: "answered retention" },
        });
      };
      const first = json<{ exchange: { handoff: { id: string } } }>(
        await t.request("POST", "/v1/conversations", { key: t.keys.agent, body: { content: question } }),
      ).exchange.handoff.id;
      await resolveHandoff(first);
      const approved = await t.request("POST", `/v1/handoffs/${first}/learning`, {
        body: { decision: "approve" },
      });
      expect(approved.statusCode, approved.body).toBe(200);
      const learned = await ask(question);
      expect(learned.exchange.decision.action).toBe("answer");

      await activate(variant([[["data", "trainingUse"], "none"]]));
      // What was learned before is not used while the contract forbids training on conversations.
      const after = await ask(question);
      expect(after.exchange.decision.action).toBe("escalate");
      expect(after.exchange.decision.agentVersion).not.toBe(learned.exchange.decision.agentVersion);
      const second = json<{ exchange: { handoff: { id: string } } }>(
        await t.request("POST", "/v1/conversations", { key: t.keys.agent, body: { content: question } }),
      ).exchange.handoff.id;
      await resolveHandoff(second);
      const refused = await t.request("POST", `/v1/handoffs/${second}/learning`, {
        body: { decision: "approve" },
      });
      expect(refused.statusCode).toBe(409);
      expect(json<{ error: { code: string } }>(refused).error.code).toBe("LEARNING_NOT_PERMITTED");
      // Declining to learn is still possible, and nothing was stored for the refused approval.
      const rejected = await t.request("POST", `/v1/handoffs/${second}/learning`, {
        body: { decision: "reject" },
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
      const examples = await t.store.db
        .selectFrom("training_examples")
        .select("handoff_id")
        .where("tenant_id", "=", t.tenantId)
        .execute();
      expect(examples.map((e) => e.handoff_id)).toEqual([first]);

      // A later contract that allows tenant-only learning brings the earlier example back.
      await activate(variant([[["data", "trainingUse"], "tenant-only"]]));
      expect((await ask(question)).exchange.decision.action).toBe("answer");
    });

    it("each conversation is judged by the outcome windows in force when it started", async () => {
      const outcome = async (id: string) =>
        json<{
          conversation: {
            outcome: { state: string; durableAt: string | null; windows: Record<string, number> | null };
          };
        }>(await t.request("GET", `/v1/conversations/${id}`)).conversation.outcome;
      // Started under the tenant's defaults: 24 hours of inactivity, 7 days of durability.
      const before = (await ask("how do I invite a colleague")).conversationId;
      await activate(
        variant([
          [["sla", "resolution", "inactivityHours"], 2],
          [["sla", "resolution", "durabilityDays"], 1],
        ]),
      );
      const after = (await ask("how do I invite a colleague")).conversationId;
      expect((await outcome(before)).windows).toEqual({ inactivityHours: 24, durabilityDays: 7 });
      expect((await outcome(after)).windows).toEqual({ inactivityHours: 2, durabilityDays: 1 });

      t.clock.advance(3 * HOUR);
      await settleOutcomes({ store: t.store, clock: t.clock });
      expect((await outcome(before)).state).toBe("pending");
      expect((await outcome(after)).state).toBe("resolved");

      t.clock.advance(2 * DAY);
      await settleOutcomes({ store: t.store, clock: t.clock });
      expect(await outcome(before)).toMatchObject({ state: "resolved", durableAt: null });
      expect((await outcome(after)).durableAt).not.toBeNull();
      // The message path judges it the same way: still inside its 7 days, a new question reopens it.
      const reopened = await t.request("POST", `/v1/conversations/${before}/messages`, {
        key: t.keys.agent,
        body: { content: "how do I export my data" },
      });
      expect(reopened.statusCode, reopened.body).toBe(201);
      const closed = await t.request("POST", `/v1/conversations/${after}/messages`, {
        key: t.keys.agent,
        body: { content: "how do I export my data" },
      });
      expect(json<{ error: { code: string } }>(closed).error.code).toBe("CONVERSATION_CLOSED");
    });
  });
}
