import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { ERROR_CATALOGUE, type ErrorCode, VouchError } from "../../shared/errors.js";
import { action, printJson, printLine } from "../output.js";

const HELP =
  "Type a question. Commands: /good /bad (rate the last answer), /human, /new (new conversation), /quit";
const DEFAULT_URL = "http://127.0.0.1:3000";
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);

/** What the chat shows of an exchange; widget keys get the customer's view, staff keys also `decision`. */
interface Exchange {
  readonly reply: { readonly content: string } | null;
  readonly citations?: readonly { readonly title: string }[];
  readonly handoff: { readonly status: string; readonly id?: string } | null;
  readonly decision?: {
    readonly action: string;
    readonly reason: string;
    readonly detail: string | null;
    readonly confidence: number;
    readonly latencyUs: number;
  } | null;
}

interface Started {
  readonly conversationId: string;
  readonly conversationToken: string;
  readonly exchange: Exchange | null;
}

function show(x: Exchange, json: boolean): void {
  if (json) {
    printJson(x);
    return;
  }
  if (x.reply) printLine(`\nagent> ${x.reply.content.replace(/\n/g, "\n       ")}`);
  else printLine("\n(a person on the support team has this conversation; the agent stays quiet)");
  if (x.decision) {
    const d = x.decision;
    printLine(
      dim(
        `       [${d.action} · ${d.reason}${d.detail ? ` (${d.detail})` : ""} · confidence ${d.confidence.toFixed(2)} · ${d.latencyUs} µs]`,
      ),
    );
  }
  if (x.handoff) printLine(dim(`       [handed to the support team: ${x.handoff.status}]`));
  printLine();
}

/** The demo's widget key, when this folder's data directory has the demo's key file. */
function demoWidgetKey(): string | undefined {
  const file = join(loadConfig().dataDir, "demo-keys.json");
  if (!existsSync(file)) return undefined;
  try {
    const keys = JSON.parse(readFileSync(file, "utf8")) as { widget?: unknown };
    return typeof keys.widget === "string" ? keys.widget : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Vouch API over HTTP (global fetch). Failures become the catalogue's errors: the server's own code
 * when it answered with one, SERVER_UNREACHABLE when there is no server or the answer is not Vouch's.
 */
function apiClient(baseUrl: string, key: string, timeoutMs: number) {
  const base = baseUrl.replace(/\/+$/, "");
  return async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers["x-conversation-token"] = token;
    // A timer of our own, not AbortSignal.timeout: that one is unref'd, and Node 20's fetch can leave a
    // request unsettled when the peer drops the connection, which would end the process with exit 13
    // and no message instead of this error.
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}`, {
        method: "POST",
        headers,
        signal: abort.signal,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await res.text();
    } catch (err) {
      const cause = abort.signal.aborted
        ? { message: (abort.signal.reason as Error).message }
        : (err as { cause?: { code?: string; message?: string } }).cause;
      throw new VouchError(
        "SERVER_UNREACHABLE",
        `cannot reach a Vouch server at ${base} (${cause?.code ?? cause?.message ?? (err as Error).message}); start one with \`npm start\` or pass --url`,
      );
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.ok && parsed !== undefined) return parsed as T;
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (error?.code && error.code in ERROR_CATALOGUE) {
      throw new VouchError(error.code as ErrorCode, error.message ?? error.code);
    }
    throw new VouchError(
      "SERVER_UNREACHABLE",
      `${base} answered ${res.status} ${res.statusText} without a Vouch error; is --url a Vouch server?`,
    );
  };
}

/** Errors after which the chat cannot go on: no server (or not a Vouch API there), or a key it refuses. */
const FATAL = new Set<ErrorCode>(["SERVER_UNREACHABLE", "UNAUTHENTICATED", "FORBIDDEN", "ROUTE_NOT_FOUND"]);

export function registerChat(program: Command): void {
  program
    .command("chat")
    .description(
      "Talk to the agent in the terminal, as a customer would, through a Vouch server's API (reads stdin when it is not a terminal)",
    )
    .option("--url <url>", `the server (default: $VOUCH_URL or ${DEFAULT_URL})`)
    .option(
      "--key <key>",
      "a widget key (default: $WIDGET_KEY, else the demo's widget key from the data directory)",
    )
    .option("--json", "print each exchange as JSON")
    .option("--timeout <seconds>", "how long to wait for each answer", "30")
    .action(
      action(async (o: { url?: string; key?: string; json?: boolean; timeout: string }) => {
        const timeoutSeconds = Number(o.timeout);
        if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
          throw new VouchError(
            "VALIDATION_FAILED",
            `--timeout must be a positive number of seconds, not ${o.timeout}`,
          );
        }
        const url = o.url ?? process.env.VOUCH_URL ?? DEFAULT_URL;
        const key = o.key ?? process.env.WIDGET_KEY ?? demoWidgetKey();
        if (!key) {
          throw new VouchError(
            "UNAUTHENTICATED",
            "no API key: pass --key (a widget key), set WIDGET_KEY, or run from the folder where `vouch demo` keeps its keys",
          );
        }
        const post = apiClient(url, key, timeoutSeconds * 1000);
        const json = Boolean(o.json);
        const rl = createInterface({
          input: process.stdin,
          output: process.stdout,
          terminal: process.stdin.isTTY,
        });
        try {
          if (!json) printLine(`Chatting with the agent at ${url}. ${HELP}\n`);
          let conversation: { id: string; token: string } | undefined;
          const prompt = () => (process.stdin.isTTY ? rl.question("you> ") : undefined);
          const lines = process.stdin.isTTY ? undefined : rl[Symbol.asyncIterator]();
          for (;;) {
            const raw = lines ? (await lines.next()).value : await prompt();
            if (raw === undefined || raw === null) break;
            const line = String(raw).trim();
            if (line === "") continue;
            if (line === "/quit" || line === "/exit") break;
            if (line === "/new") {
              conversation = undefined;
              if (!json) printLine(dim("(new conversation)"));
              continue;
            }
            if (line === "/help") {
              printLine(HELP);
              continue;
            }
            try {
              if (!conversation) {
                if (line.startsWith("/")) {
                  printLine("Ask something first.");
                  continue;
                }
                const r = await post<Started>("/v1/conversations", { channel: "cli", content: line });
                conversation = { id: r.conversationId, token: r.conversationToken };
                if (r.exchange) show(r.exchange, json);
                continue;
              }
              const path = `/v1/conversations/${encodeURIComponent(conversation.id)}`;
              const r =
                line === "/good" || line === "/bad"
                  ? await post<Exchange>(
                      `${path}/feedback`,
                      { helpful: line === "/good" },
                      conversation.token,
                    )
                  : line === "/human"
                    ? await post<Exchange>(`${path}/escalate`, undefined, conversation.token)
                    : await post<Exchange>(`${path}/messages`, { content: line }, conversation.token);
              show(r, json);
            } catch (err) {
              if (err instanceof VouchError && FATAL.has(err.code)) throw err;
              const code = err instanceof VouchError ? err.code : "INTERNAL";
              process.stderr.write(`error ${code}: ${(err as Error).message}\n`);
            }
          }
        } finally {
          rl.close();
        }
      }),
    );
}
