import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConversationDeps,
  type ExchangeView,
  giveFeedback,
  type OutcomeSummary,
  postCustomerMessage,
  rateConversation,
  STAFF_CALLER,
  settleOutcomes,
  startConversation,
  summarizeOutcomes,
} from "../conversations/index.js";
import { approveLearning, claimHandoff, replyToHandoff, resolveHandoff } from "../inbox/index.js";
import { importArticles, readArticleDir } from "../knowledge/index.js";
import { type Clock, DAY, HOUR, MINUTE } from "../shared/clock.js";
import { authenticate, createApiKey, createTenant, listTenants, type Tenant } from "../tenants/index.js";
import { confirmations, reopenings, type Scenario, scenarios } from "./content/scenarios.js";

export const DEMO_SLUG = "demo";
export const DEMO_ARTICLES_DIR = fileURLToPath(new URL("../../src/demo/content/articles/", import.meta.url));

export interface DemoKeys {
  readonly tenantId: string;
  readonly admin: string;
  readonly agent: string;
  readonly widget: string;
}

export interface DemoResult {
  readonly tenant: Tenant;
  readonly keys: DemoKeys;
  /** False when the demo tenant already existed (the command is idempotent). */
  readonly created: boolean;
  readonly articles: number;
  readonly played: number;
  readonly summary: OutcomeSummary;
}

/** A clock the simulation moves by hand: the demo plays four weeks of traffic in a few seconds. */
class SimClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

/** Deterministic 0..1 numbers from a scenario id, so every demo run plays the same history. */
function rand(id: string, salt: string): number {
  return createHash("sha256").update(`${id}/${salt}`).digest().readUInt32BE(0) / 2 ** 32;
}
const pick = <T>(xs: readonly T[], id: string, salt: string): T =>
  xs[Math.floor(rand(id, salt) * xs.length)] as T;

/** The demo seeder acts as the system in the ledger. */
const DEMO_ACTOR = { kind: "system" as const, id: "vouch-demo" };

const AGENTS = ["Dana Okafor", "Lee Whitfield", "Priya Raman", "Marco Bellini"];

/**
 * Create the demo tenant (idempotent): a knowledge base for a fictional B2B SaaS product, API keys for
 * each scope, and four weeks of simulated conversations — answered, confirmed, reopened, escalated for
 * every trigger, handled by people in the inbox, some approved as learning — so every report has data.
 * Keys are kept in the data directory (owner-only) so a second run can print them again.
 */
export async function seedDemo(
  deps: ConversationDeps,
  opts: { dataDir: string; onProgress?: (message: string) => void },
): Promise<DemoResult> {
  const say = opts.onProgress ?? (() => {});
  const keyFile = join(opts.dataDir, "demo-keys.json");
  const existing = (await listTenants(deps)).find((t) => t.slug === DEMO_SLUG);
  if (existing) {
    const keys = await reuseOrCreateKeys(deps, existing.id, keyFile);
    await settleOutcomes(deps, { tenantId: existing.id });
    const articles = await deps.store.db
      .selectFrom("articles")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", existing.id)
      .executeTakeFirstOrThrow();
    return {
      tenant: existing,
      keys,
      created: false,
      articles: Number(articles.n),
      played: 0,
      summary: await summarizeOutcomes(deps, existing.id, {}),
    };
  }

  const { inputs, failures } = readArticleDir(DEMO_ARTICLES_DIR);
  if (failures.length > 0)
    throw new Error(`demo articles are invalid: ${failures.map((f) => `${f.file}: ${f.error}`).join("; ")}`);
  const realNow = deps.clock.now();
  const periodStart = Math.floor(realNow / DAY) * DAY - 28 * DAY;
  const clock = new SimClock(periodStart);
  const sim: ConversationDeps = { ...deps, clock };

  const { tenant, adminKey } = await createTenant(sim, { name: "Demo — Fernwork", slug: DEMO_SLUG });
  const agentKey = await createApiKey(sim, tenant.id, { scope: "agent", name: "Support team" }, DEMO_ACTOR);
  const widgetKey = await createApiKey(
    sim,
    tenant.id,
    { scope: "widget", name: "Website widget" },
    DEMO_ACTOR,
  );
  const keys: DemoKeys = {
    tenantId: tenant.id,
    admin: adminKey.key,
    agent: agentKey.key,
    widget: widgetKey.key,
  };
  writeKeys(keyFile, keys);
  say(`created tenant ${tenant.id} (demo); importing ${inputs.length} articles…`);
  await importArticles(sim, tenant.id, inputs, "vouch demo");
  const slugToId = new Map(
    (
      await deps.store.db
        .selectFrom("articles")
        .select(["slug", "article_id"])
        .where("tenant_id", "=", tenant.id)
        .execute()
    ).map((a) => [a.slug, a.article_id]),
  );

  const ordered = [...scenarios]
    .map((s) => ({
      s,
      at:
        periodStart +
        s.dayOffset * DAY +
        (8 + Math.floor(rand(s.id, "hour") * 10)) * HOUR +
        Math.floor(rand(s.id, "min") * 60) * MINUTE,
    }))
    .filter((x) => x.at < realNow - HOUR)
    .sort((a, b) => a.at - b.at);
  let played = 0;
  // Escalations of the last two simulated days are still with the support team: the inbox has work in it.
  const inboxFrom = realNow - 2 * DAY;
  for (const { s, at } of ordered) {
    clock.t = at;
    await playScenario(sim, clock, tenant.id, s, slugToId, at >= inboxFrom);
    played++;
    if (played % 40 === 0) say(`played ${played}/${ordered.length} simulated conversations…`);
  }
  say(`played ${played} simulated conversations over 28 days; settling outcomes…`);
  await settleOutcomes(deps, { tenantId: tenant.id });
  return {
    tenant,
    keys,
    created: true,
    articles: inputs.length,
    played,
    summary: await summarizeOutcomes(deps, tenant.id, {}),
  };
}

async function playScenario(
  deps: ConversationDeps,
  clock: SimClock,
  tenantId: string,
  s: Scenario,
  slugToId: ReadonlyMap<string, string>,
  recent = false,
): Promise<void> {
  const step = (minutes: number) => {
    clock.t += Math.round(minutes * MINUTE * (0.5 + rand(s.id, `step${clock.t}`)));
  };
  const first = s.turns[0];
  if (!first) return;
  const started = await startConversation(deps, {
    tenantId,
    channel: rand(s.id, "channel") < 0.7 ? "widget" : "api",
    customerRef: `cust_${s.id}`,
    content: first.customer,
  });
  const conversationId = started.body.conversationId;
  let last: ExchangeView | null = started.body.exchange;
  for (const turn of s.turns.slice(1)) {
    if (last?.conversation.status === "closed") break;
    step(2);
    last = (
      await postCustomerMessage(deps, {
        tenantId,
        conversationId,
        content: turn.customer,
        caller: STAFF_CALLER,
      })
    ).body;
  }
  const escalated = last?.conversation.status === "escalated";
  if (!escalated) {
    if (s.kind === "answered-confirmed" || s.kind === "multi-question") {
      step(1);
      if (rand(s.id, "confirm-by") < 0.5)
        await giveFeedback(deps, { tenantId, conversationId, helpful: true, caller: STAFF_CALLER });
      else
        await postCustomerMessage(deps, {
          tenantId,
          conversationId,
          content: pick(confirmations, s.id, "confirm"),
          caller: STAFF_CALLER,
        });
    } else if (s.kind === "answered-reopened") {
      clock.t += 30 * HOUR;
      last = (
        await postCustomerMessage(deps, {
          tenantId,
          conversationId,
          content: pick(reopenings, s.id, "reopen"),
          caller: STAFF_CALLER,
        })
      ).body;
    }
  }
  if (last?.conversation.status === "escalated" && last.handoff) {
    if (recent && !s.approveAsLearning) {
      // Left in the inbox: every other one already claimed by someone on the team, none answered yet.
      if (rand(s.id, "inbox") < 0.5) {
        clock.t += Math.round((4 + rand(s.id, "pickup") * 30) * MINUTE);
        const actor = { name: pick(AGENTS, s.id, "agent") };
        await claimHandoff(deps, { tenantId, handoffId: last.handoff.id, actor });
      }
      return;
    }
    await handleAsHuman(deps, clock, tenantId, s, last.handoff.id, slugToId);
  }
  if (s.csat) {
    step(3);
    await rateConversation(deps, { tenantId, conversationId, rating: s.csat, caller: STAFF_CALLER });
  }
}

async function handleAsHuman(
  deps: ConversationDeps,
  clock: SimClock,
  tenantId: string,
  s: Scenario,
  handoffId: string,
  slugToId: ReadonlyMap<string, string>,
): Promise<void> {
  const action = { tenantId, handoffId, actor: { name: pick(AGENTS, s.id, "agent") } };
  clock.t += Math.round((4 + rand(s.id, "pickup") * 80) * MINUTE);
  await claimHandoff(deps, action);
  clock.t += Math.round((2 + rand(s.id, "reply") * 15) * MINUTE);
  const articleId = s.humanArticle ? slugToId.get(s.humanArticle) : undefined;
  await replyToHandoff(deps, {
    ...action,
    content:
      s.humanReply ??
      "Thanks for your patience — I've looked into this and sorted it on our side. Let me know if anything else comes up.",
  });
  clock.t += Math.round((5 + rand(s.id, "resolve") * 60) * MINUTE);
  await resolveHandoff(deps, {
    ...action,
    resolution: s.humanReply ? "Answered by support" : "Handled by support",
    articleId,
  });
  if (s.approveAsLearning) {
    clock.t += HOUR;
    await approveLearning(deps, {
      tenantId,
      handoffId,
      actor: { name: "Support lead" },
      ...(articleId ? { articleId } : {}),
    });
  }
}

function writeKeys(file: string, keys: DemoKeys): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

async function reuseOrCreateKeys(deps: ConversationDeps, tenantId: string, file: string): Promise<DemoKeys> {
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as DemoKeys;
      const ok = await Promise.all(
        [saved.admin, saved.agent, saved.widget].map((k) => authenticate(deps, k, undefined)),
      );
      if (saved.tenantId === tenantId && ok.every((p) => p?.kind === "tenant")) return saved;
    } catch {
      // An unreadable or stale key file is replaced below.
    }
  }
  // The demo tenant exists but its keys are not here (another data directory, or revoked): issue new ones.
  const [admin, agent, widget] = [
    await createApiKey(deps, tenantId, { scope: "admin", name: "Demo admin" }, DEMO_ACTOR),
    await createApiKey(deps, tenantId, { scope: "agent", name: "Support team" }, DEMO_ACTOR),
    await createApiKey(deps, tenantId, { scope: "widget", name: "Website widget" }),
  ];
  const keys = { tenantId, admin: admin.key, agent: agent.key, widget: widget.key };
  writeKeys(file, keys);
  return keys;
}
