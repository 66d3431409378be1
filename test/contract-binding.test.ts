import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { settleOutcomes } from "../src/conversations/index.js";
import { HOUR } from "../src/shared/clock.js";
import { createTestApp, DIALECTS, json, type TestApp } from "./support.js";

const careful = readFileSync(new URL("../examples/contracts/careful-buyer.yaml", import.meta.url), "utf8");

/** The careful-buyer contract with a few values changed, as a YAML string. */
function contractWith(lowConfidence: number, inactivityHours: number): string {
  const doc = parseDocument(careful);
  doc.setIn(["escalation", "triggers", 1, "threshold"], lowConfidence);
  doc.setIn(["sla", "resolution", "inactivityHours"], inactivityHours);
  return doc.toString();
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
  });
}
