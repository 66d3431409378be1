import { type Kysely, sql } from "kysely";
import { parse } from "yaml";

/**
 * Each conversation is judged by the outcome rules in force when it started (PRODUCT.md: a later contract
 * never re-judges the past). `outcomes.inactivity_ms` and `outcomes.durability_ms` record the inactivity
 * and durability windows of the tenant's settings and contract in force at the conversation's start; the
 * outcome job and the message path read them instead of the windows in force now.
 *
 * Up fills them for existing conversations from what the running system applied when each started: the
 * tenant's settings (as they are now: their history is not kept) with the `sla.resolution` windows of the
 * contract whose activation was in force at the conversation's `created_at` (the activation timeline:
 * latest effective date at or before it, then latest activation). The rules are written out here rather
 * than imported: a migration keeps doing what it did when it shipped. The columns stay nullable: a row
 * written by an older process during a rolling upgrade has none, and is judged by the windows in force
 * when it is settled, as before.
 */

type AnyDb = Kysely<unknown>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_INACTIVITY_HOURS = 24;
const DEFAULT_DURABILITY_DAYS = 7;

interface Windows {
  readonly inactivityMs: number;
  readonly durabilityMs: number;
}

const positive = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;

function field(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path)
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function parsed(text: string, read: (t: string) => unknown): unknown {
  try {
    return read(text);
  } catch {
    return undefined;
  }
}

function windows(hours: number, days: number): Windows {
  return { inactivityMs: Math.round(hours * HOUR), durabilityMs: Math.round(days * DAY) };
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("outcomes").addColumn("inactivity_ms", "bigint").execute();
  await db.schema.alterTable("outcomes").addColumn("durability_ms", "bigint").execute();

  const tenants = await sql<{ tenant_id: string; settings: string }>`
    select tenant_id, settings from tenants`.execute(db);
  for (const tenant of tenants.rows) {
    const settings = parsed(tenant.settings, JSON.parse);
    const ownHours = positive(field(settings, "inactivityWindowHours")) ?? DEFAULT_INACTIVITY_HOURS;
    const ownDays = positive(field(settings, "durabilityWindowDays")) ?? DEFAULT_DURABILITY_DAYS;
    const activations = await sql<{ seq: number; effective_from: number | string; document: string }>`
      select a.seq, a.effective_from, c.document
      from contract_activations a
      join contracts c on c.tenant_id = a.tenant_id and c.contract_id = a.contract_id
      where a.tenant_id = ${tenant.tenant_id}
      order by a.effective_from, a.seq`.execute(db);
    // One segment per effective date: of several activations from the same date, the latest is the one in
    // force (the others were replaced before they took effect).
    const segments: { from: number; windows: Windows }[] = [];
    for (const a of activations.rows) {
      const resolution = field(parsed(a.document, parse), "sla", "resolution");
      const w = windows(
        positive(field(resolution, "inactivityHours")) ?? ownHours,
        positive(field(resolution, "durabilityDays")) ?? ownDays,
      );
      const from = Number(a.effective_from);
      if (segments.at(-1)?.from === from) segments.pop();
      segments.push({ from, windows: w });
    }
    const bounds = [{ from: Number.MIN_SAFE_INTEGER, windows: windows(ownHours, ownDays) }, ...segments];
    for (const [i, segment] of bounds.entries()) {
      const until = bounds[i + 1]?.from ?? Number.MAX_SAFE_INTEGER;
      await sql`
        update outcomes set
          inactivity_ms = ${segment.windows.inactivityMs},
          durability_ms = ${segment.windows.durabilityMs}
        where tenant_id = ${tenant.tenant_id}
          and inactivity_ms is null
          and conversation_id in (
            select conversation_id from conversations
            where tenant_id = ${tenant.tenant_id}
              and created_at >= ${segment.from} and created_at < ${until})`.execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("outcomes").dropColumn("durability_ms").execute();
  await db.schema.alterTable("outcomes").dropColumn("inactivity_ms").execute();
}
