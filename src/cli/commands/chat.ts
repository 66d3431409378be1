import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import {
  type ExchangeView,
  giveFeedback,
  postCustomerMessage,
  requestHuman,
  startConversation,
} from "../../conversations/index.js";
import { resolveTenant } from "../../tenants/index.js";
import { action, printJson, printLine } from "../output.js";
import { withRuntime } from "../runtime.js";

const HELP =
  "Type a question. Commands: /good /bad (rate the last answer), /human, /new (new conversation), /quit";
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);

function show(x: ExchangeView, json: boolean): void {
  if (json) {
    printJson(x);
    return;
  }
  if (x.reply) printLine(`\nagent> ${x.reply.content.replace(/\n/g, "\n       ")}`);
  else printLine("\n(a person on the support team has this conversation; the agent stays quiet)");
  if (x.decision) {
    const src = x.decision.sources[0];
    printLine(
      dim(
        `       [${x.decision.action} · ${x.decision.reason}${x.decision.detail ? ` (${x.decision.detail})` : ""} · confidence ${x.decision.confidence.toFixed(2)}${src ? ` · best: ${src.title}` : ""} · ${x.decision.latencyUs} µs]`,
      ),
    );
  }
  if (x.handoff) printLine(dim(`       [handoff ${x.handoff.id} ${x.handoff.status}: see GET /v1/handoffs]`));
  printLine();
}

export function registerChat(program: Command): void {
  program
    .command("chat")
    .description(
      "Talk to the agent in the terminal, as a customer would (reads stdin when it is not a terminal)",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--json", "print each exchange as JSON")
    .action(
      action(async (o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const tenant = await resolveTenant(rt.deps, o.tenant);
          const json = Boolean(o.json);
          const rl = createInterface({
            input: process.stdin,
            output: process.stdout,
            terminal: process.stdin.isTTY,
          });
          if (!json) printLine(`Chatting with ${tenant.name}'s agent. ${HELP}\n`);
          let conversationId: string | undefined;
          const prompt = () => (process.stdin.isTTY ? rl.question("you> ") : undefined);
          const lines = process.stdin.isTTY ? undefined : rl[Symbol.asyncIterator]();
          for (;;) {
            const raw = lines ? (await lines.next()).value : await prompt();
            if (raw === undefined || raw === null) break;
            const line = String(raw).trim();
            if (line === "") continue;
            if (line === "/quit" || line === "/exit") break;
            if (line === "/new") {
              conversationId = undefined;
              if (!json) printLine(dim("(new conversation)"));
              continue;
            }
            if (line === "/help") {
              printLine(HELP);
              continue;
            }
            try {
              if (!conversationId) {
                if (line.startsWith("/")) {
                  printLine("Ask something first.");
                  continue;
                }
                const r = await startConversation(rt.deps, {
                  tenantId: tenant.id,
                  channel: "cli",
                  content: line,
                });
                conversationId = r.body.conversationId;
                if (r.body.exchange) show(r.body.exchange, json);
                continue;
              }
              const ids = { tenantId: tenant.id, conversationId };
              const r =
                line === "/good" || line === "/bad"
                  ? await giveFeedback(rt.deps, { ...ids, helpful: line === "/good" })
                  : line === "/human"
                    ? await requestHuman(rt.deps, ids)
                    : await postCustomerMessage(rt.deps, { ...ids, content: line });
              show(r.body, json);
            } catch (err) {
              printLine(`error: ${(err as Error).message}`);
            }
          }
          rl.close();
        }),
      ),
    );
}
