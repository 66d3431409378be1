// The server killed with SIGKILL in the middle of a stream of customer messages, then restarted on the same
// store: every acknowledged message is there exactly once, a retry with the same Idempotency-Key stores
// nothing twice, and the tenant's ledger, exported and verified offline, holds every decision once. The
// stream is seeded; where the kill falls in it depends on timing, and every check holds wherever it falls.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseVerifierKey, verifyExport } from "../../src/ledger/index.js";
import { type CliProcess, cliEnv, startCli } from "../cli-process.js";
import { createTestApp, DIALECTS, KB } from "../support.js";

const CUSTOMERS = 6;
const MESSAGES_PER_CUSTOMER = 12;
/** Acknowledged messages after which the server is killed: well before the stream ends. */
const KILL_AFTER = 20;

/** What each customer says, in order: the knowledge base's questions and now and then a request for a person. */
const script = fc.sample(
  fc.constantFrom(...KB.flatMap((a) => a.questions), "I want to talk to a human", "that did not help"),
  { seed: 12, numRuns: CUSTOMERS * MESSAGES_PER_CUSTOMER },
);

/** What the server answered to one message. */
interface Answer {
  readonly status: number;
  readonly body: string;
  readonly replayed: boolean;
  readonly conversationId: string | undefined;
  /** The conversation's token (answered when it starts), for the customer's later messages. */
  readonly token: string | undefined;
  readonly messageId: string | undefined;
}

/** One message a customer sent: how to send it again, and what the server acknowledged, if it did. */
interface Sent {
  readonly key: string;
  readonly content: string;
  /** The conversation it was posted to; undefined for the first message, which starts it. */
  readonly to: string | undefined;
  /** That conversation's token. */
  readonly token: string | undefined;
  acked?: Answer;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ server: CliProcess; url: string }> {
  const server = startCli(["serve", "--port", "0"], env);
  const url = await server.waitFor((l) => /^Vouch is serving .* at (http:\/\/\S+)/.exec(l)?.[1]);
  return { server, url };
}

/** POST a customer message (the first one starts the conversation). */
async function send(url: string, widgetKey: string, m: Sent): Promise<Answer> {
  const r = await fetch(m.to ? `${url}/v1/conversations/${m.to}/messages` : `${url}/v1/conversations`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${widgetKey}`,
      "content-type": "application/json",
      "idempotency-key": m.key,
      ...(m.token ? { "x-conversation-token": m.token } : {}),
    },
    body: JSON.stringify({ content: m.content }),
  });
  const body = await r.text();
  type Exchange = { message?: { id: string } };
  // Starting a conversation answers {conversationId, exchange}; a message to it, the exchange.
  const b =
    r.status === 201
      ? (JSON.parse(body) as Exchange & {
          conversationId?: string;
          conversationToken?: string;
          exchange?: Exchange;
        })
      : {};
  const exchange = b.exchange ?? b;
  return {
    status: r.status,
    body,
    replayed: r.headers.get("idempotent-replayed") === "true",
    conversationId: b.conversationId ?? m.to,
    token: b.conversationToken ?? m.token,
    messageId: exchange.message?.id,
  };
}

for (const dialect of DIALECTS) {
  describe(`kill -9 in the middle of a stream of messages (${dialect})`, () => {
    // Two server processes start and stop here: more than the suite's 30 s, which is for in-process tests.
    it("loses no acknowledged message, stores none twice on retry, and the ledger verifies with every decision", {
      timeout: 120_000,
    }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "vouch-kill-"));
      const t = await createTestApp(dialect, { sqliteFile: join(dir, "vouch.db") });
      const env = cliEnv(t.store, dir);
      const customers = Array.from({ length: CUSTOMERS }, () => ({
        conversationId: undefined as string | undefined,
        token: undefined as string | undefined,
        sent: [] as Sent[],
      }));
      let running = await startServer(env);
      try {
        // Each customer sends its messages one after another, all customers at once, until the kill.
        let acked = 0;
        let killed = false;
        await Promise.all(
          customers.map(async (customer, c) => {
            for (let i = 0; i < MESSAGES_PER_CUSTOMER && !killed; i++) {
              const m: Sent = {
                key: `customer-${c}-message-${i}`,
                content: `${script[c * MESSAGES_PER_CUSTOMER + i]} (customer ${c}, message ${i})`,
                to: customer.conversationId,
                token: customer.token,
              };
              customer.sent.push(m);
              try {
                const r = await send(running.url, t.keys.widget, m);
                if (r.status !== 201) throw new Error(`${r.status} ${r.body}`);
                m.acked = r;
                customer.conversationId = r.conversationId;
                customer.token = r.token;
              } catch (err) {
                // In flight when the process died: never acknowledged, so the customer retries it later.
                if (killed) break;
                throw err;
              }
              if (++acked === KILL_AFTER) {
                killed = true;
                running.server.child.kill("SIGKILL");
              }
            }
          }),
        );
        expect(await running.server.exited).toEqual({ code: null, signal: "SIGKILL" });
        const all = customers.flatMap((c) => c.sent);
        expect(all.filter((m) => m.acked).length).toBeGreaterThanOrEqual(KILL_AFTER);
        expect(all.length).toBeLessThan(CUSTOMERS * MESSAGES_PER_CUSTOMER);

        // A new process on the same store. Every message is sent again with its key: an acknowledged one
        // is answered with the stored response; one that was in flight is stored now, unless it had
        // committed before the kill (then it too is a replay).
        running = await startServer(env);
        for (const customer of customers) {
          for (const m of customer.sent) {
            const again = await send(running.url, t.keys.widget, m);
            expect(again.status, again.body).toBe(201);
            if (m.acked) {
              expect(again.replayed).toBe(true);
              expect(again.body).toBe(m.acked.body);
            }
            m.acked = again;
            customer.conversationId ??= again.conversationId;
            customer.token ??= again.token;
          }
        }

        // Each customer's transcript holds each of its messages exactly once, in the order sent. (The
        // staff view: the customer's view hides decisions.)
        const decisions: string[] = [];
        for (const customer of customers) {
          const r = await fetch(`${running.url}/v1/conversations/${customer.conversationId}`, {
            headers: { authorization: `Bearer ${t.keys.admin}` },
          });
          const detail = (await r.json()) as {
            messages: { id: string; role: string; content: string }[];
            decisions: { id: string }[];
          };
          decisions.push(...detail.decisions.map((d) => d.id));
          const mine = detail.messages.filter((x) => x.role === "customer");
          expect(mine.map((x) => x.content)).toEqual(customer.sent.map((m) => m.content));
          expect(mine.map((x) => x.id)).toEqual(customer.sent.map((m) => m.acked?.messageId));
        }

        // The ledger: a checkpoint of it now (the queue is sequenced first), the export up to it, verified
        // offline with the deployment's published public key, holds one entry for every decision.
        const admin = { authorization: `Bearer ${t.keys.admin}` };
        const published = await fetch(`${running.url}/v1/ledger/checkpoints`, {
          method: "POST",
          headers: admin,
        });
        // 201 when this signs a new size; 200 when the server's checkpoint job had signed the same one.
        expect([200, 201], await published.text()).toContain(published.status);
        const exported = await (await fetch(`${running.url}/v1/ledger/export`, { headers: admin })).text();
        const keys = (await (await fetch(`${running.url}/v1/ledger/keys?format=text`)).text())
          .trim()
          .split("\n");
        const report = await verifyExport(
          { name: "export.jsonl", chunks: [exported] },
          { keys: keys.map(parseVerifierKey), checkEntries: true },
        );
        expect(report.problem).toBeUndefined();
        expect(report.ok).toBe(true);
        const decisionEntries = exported
          .split("\n")
          .filter((l) => l.startsWith('{"kind":"entry"'))
          .map((l) => (JSON.parse(l) as { entry: { type: string; subject: { decision?: string } } }).entry)
          .filter((e) => e.type === "decision")
          .map((e) => e.subject.decision);
        expect(decisions.length).toBeGreaterThan(0);
        expect(decisionEntries.sort()).toEqual(decisions.sort());

        running.server.child.kill("SIGTERM");
        expect(await running.server.exited).toEqual({ code: 0, signal: null });
      } finally {
        if (running.server.child.exitCode === null) running.server.child.kill("SIGKILL");
        await running.server.exited;
        await t.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
