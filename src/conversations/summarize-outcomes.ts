import type { ConversationDeps } from "./deps.js";

export interface OutcomeSummary {
  readonly from: string | null;
  readonly to: string | null;
  readonly conversations: number;
  readonly eligible: number;
  readonly byOutcome: Record<string, number>;
  readonly durableResolutions: number;
  readonly reopened: number;
  readonly openHandoffs: number;
  readonly csat: {
    readonly ai: { readonly mean: number | null; readonly responses: number };
    readonly human: { readonly mean: number | null; readonly responses: number };
  };
}

/**
 * Counts of conversations by outcome, started in [from, to), and CSAT split by who handled the
 * conversation. A quick operational view; the SLA engine computes contract metrics with intervals.
 */
export async function summarizeOutcomes(
  deps: Pick<ConversationDeps, "store" | "handoffs">,
  tenantId: string,
  range: { from?: number | undefined; to?: number | undefined },
): Promise<OutcomeSummary> {
  const db = deps.store.db;
  let q = db
    .selectFrom("outcomes")
    .innerJoin("conversations", (j) =>
      j
        .onRef("conversations.tenant_id", "=", "outcomes.tenant_id")
        .onRef("conversations.conversation_id", "=", "outcomes.conversation_id"),
    )
    .select((eb) => [
      "outcomes.state",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>("outcomes.eligible").as("eligible"),
      eb.fn.sum<number>("outcomes.reopen_count").as("reopens"),
      eb.fn.count<number>("outcomes.durable_at").as("durable"),
    ])
    .where("outcomes.tenant_id", "=", tenantId);
  if (range.from !== undefined) q = q.where("conversations.created_at", ">=", range.from);
  if (range.to !== undefined) q = q.where("conversations.created_at", "<", range.to);
  const rows = await q.groupBy("outcomes.state").execute();

  let c = db
    .selectFrom("csat_ratings")
    .select((eb) => ["handled_by", eb.fn.avg<number>("rating").as("mean"), eb.fn.countAll<number>().as("n")])
    .where("tenant_id", "=", tenantId);
  if (range.from !== undefined) c = c.where("created_at", ">=", range.from);
  if (range.to !== undefined) c = c.where("created_at", "<", range.to);
  const csat = await c.groupBy("handled_by").execute();
  const openHandoffs = await deps.handoffs.countActive({ tx: db, tenantId });

  const byOutcome: Record<string, number> = {
    pending: 0,
    resolved: 0,
    escalated: 0,
    abandoned: 0,
    ineligible: 0,
  };
  let conversations = 0;
  let eligible = 0;
  let durable = 0;
  let reopened = 0;
  for (const r of rows) {
    byOutcome[r.state] = Number(r.n);
    conversations += Number(r.n);
    eligible += Number(r.eligible ?? 0);
    durable += Number(r.durable);
    reopened += Number(r.reopens ?? 0);
  }
  const side = (k: "ai" | "human") => {
    const r = csat.find((x) => x.handled_by === k);
    return r
      ? { mean: Math.round(Number(r.mean) * 100) / 100, responses: Number(r.n) }
      : { mean: null, responses: 0 };
  };
  return {
    from: range.from !== undefined ? new Date(range.from).toISOString() : null,
    to: range.to !== undefined ? new Date(range.to).toISOString() : null,
    conversations,
    eligible,
    byOutcome,
    durableResolutions: durable,
    reopened,
    openHandoffs,
    csat: { ai: side("ai"), human: side("human") },
  };
}
