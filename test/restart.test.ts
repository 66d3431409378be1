import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trainWordOverlap } from "../src/agent/test-support/word-overlap-resolver.js";
import { wireRooms } from "../src/app/wire-rooms.js";
import { buildServer } from "../src/http/build-server.js";
import { recordDecision } from "../src/ledger/index.js";
import { hashApiKey } from "../src/tenants/index.js";
import { createTestApp, DIALECTS, json, ROOT_KEY } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  describe(`a restart in the middle of a conversation loses nothing (${dialect})`, () => {
    it("continues the conversation on a new process's store and server", async () => {
      const t = await createTestApp(dialect, { sqliteFile: join(dir, `${dialect}.db`) });
      const started = json<{ conversationId: string; conversationToken: string }>(
        await t.request("POST", "/v1/conversations", {
          key: t.keys.widget,
          body: { content: "how do I export my data" },
        }),
      );
      const id = started.conversationId;
      const token = { "x-conversation-token": started.conversationToken };
      await t.request("POST", `/v1/conversations/${id}/messages`, {
        key: t.keys.widget,
        headers: token,
        body: { content: "forgot my password" },
      });
      await t.app.close();

      // A new "process": new store connection, new agent runtime (cold model cache), new server.
      const store = t.store.reopen();
      const rooms = wireRooms(store, trainWordOverlap, () => t.clock.now());
      const app = await buildServer(
        { store, clock: t.clock, ...rooms, recordDecision, rootKeyHash: hashApiKey(ROOT_KEY) },
        { logLevel: "silent" },
      );
      const auth = {
        authorization: `Bearer ${t.keys.widget}`,
        "content-type": "application/json",
        ...token,
      };
      const r = await app.inject({
        method: "POST",
        url: `/v1/conversations/${id}/messages`,
        headers: auth,
        payload: JSON.stringify({ content: "how do I invite a colleague" }),
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(json<{ message: { seq: number } }>(r).message.seq).toBe(5);
      const detail = json<{ messages: { seq: number; role: string }[] }>(
        await app.inject({ method: "GET", url: `/v1/conversations/${id}`, headers: auth }),
      );
      expect(detail.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(detail.messages.map((m) => m.role)).toEqual([
        "customer",
        "ai",
        "customer",
        "ai",
        "customer",
        "ai",
      ]);
      await app.close();
      await store.close();
      await t.store.dispose();
    });
  });
}
