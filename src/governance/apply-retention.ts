import { activeContractParameters } from "../contract/index.js";
import { type ActorRef, ledgerActor, recordAdminActions } from "../ledger/index.js";
import { isVouchError } from "../shared/errors.js";
import type { Db, RetentionStateTable, StoreDeps } from "../store/index.js";
import { getTenant } from "../tenants/index.js";
import { expireIdempotentResponseBatch, type IdempotencyCursor } from "./expire-idempotent-responses.js";
import {
  type ConversationBatch,
  type ConversationCursor,
  redactConversationBatch,
} from "./redact-conversations.js";
import type { RedactionScope } from "./redact-handoff.js";
import { assertInRegion } from "./refuse-out-of-region.js";
import type { Region } from "./regions.js";
import {
  addCounts,
  countsFrom,
  countTotal,
  hasRetention,
  type RetentionCounts,
  type RetentionCutoffs,
  type RetentionPolicy,
  retentionCutoffs,
  retentionPolicy,
  tombstone,
  ZERO_COUNTS,
} from "./retention-policy.js";
import { lockRetentionState, type RecordedRun, saveRetentionState } from "./retention-state.js";
import { retireExampleBatch, retireLearnedAnswerBatch } from "./retire-training-data.js";

interface ApplyRetentionOptions {
  /** One tenant; default every tenant. */
  readonly tenantId?: string | undefined;
  /** Count what would be removed, change nothing (each batch runs and is rolled back). */
  readonly dryRun?: boolean | undefined;
  /** Rows per transaction (default 200): short transactions keep the message path unblocked. */
  readonly batchSize?: number | undefined;
  /** Who runs it, for the ledger: default the system actor `retention`. */
  readonly actor?: ActorRef | undefined;
  /** Progress lines (the CLI prints them on stderr). */
  readonly onProgress?: ((message: string) => void) | undefined;
}

/**
 * The store and clock, and the deployment's region (VOUCH_REGION): a tenant whose contract requires
 * in-region processing elsewhere is skipped, reported with RESIDENCY_REFUSED — this deployment must not
 * process its data, deleting included.
 */
type RetentionDeps = StoreDeps & { readonly region?: Region | undefined };

/** What one tenant's run did; failures are reported per tenant, never thrown halfway through the others. */
interface TenantRetentionResult {
  readonly tenantId: string;
  readonly slug: string;
  readonly policy: RetentionPolicy;
  readonly cutoffs: RetentionCutoffs;
  /** What this run changed (or, dry run, would change). */
  readonly counts: RetentionCounts;
  /** The ledger entry written by this run, with everything since the last one (null when none was due). */
  readonly recorded: RecordedRun | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface RetentionReport {
  readonly at: number;
  readonly dryRun: boolean;
  readonly tenants: readonly TenantRetentionResult[];
}

/** The ledger action of a retention run: one admin entry per tenant-run that removed anything. */
export const RETENTION_ACTION = "retention.apply";
const RETENTION_ACTOR: ActorRef = { kind: "system", id: "retention" };
const DEFAULT_BATCH = 200;
const EMPTY_BATCH: ConversationBatch = { counts: {}, last: undefined, size: 0 };

/**
 * Apply each tenant's retention periods — from the contract in force now; with no contract, or where it is
 * silent, everything is kept — to what is stored: conversation text past `conversations` becomes a
 * tombstone, personal data past `personalData` is cleared, training data past `trainingData` is retired
 * (see retention-policy.ts). Each batch is one transaction that also adds its counts to the tenant's
 * pending total; the run ends by writing one `retention.apply` admin entry with that total in the tenant's
 * ledger, so nothing is removed silently even when a run is interrupted (the next run records it).
 * Idempotent: a second run at the same time finds nothing to do and writes nothing. Tenants are processed
 * one after another and never share a query.
 */
export async function applyRetention(
  deps: RetentionDeps,
  opts: ApplyRetentionOptions = {},
): Promise<RetentionReport> {
  const now = deps.clock.now();
  const dryRun = opts.dryRun === true;
  let tenants = deps.store.db.selectFrom("tenants").select(["tenant_id", "slug"]).orderBy("tenant_id");
  if (opts.tenantId !== undefined) {
    const t = await getTenant(deps, opts.tenantId);
    tenants = tenants.where("tenant_id", "=", t.id);
  }
  const results: TenantRetentionResult[] = [];
  for (const t of await tenants.execute()) {
    results.push(await applyTenantRetention(deps, t.tenant_id, t.slug, now, dryRun, opts));
  }
  return { at: now, dryRun, tenants: results };
}

/** Thrown out of a dry-run batch so its transaction rolls back; carries what the batch did. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

async function applyTenantRetention(
  deps: RetentionDeps,
  tenantId: string,
  slug: string,
  now: number,
  dryRun: boolean,
  opts: ApplyRetentionOptions,
): Promise<TenantRetentionResult> {
  const policy = retentionPolicy(await activeContractParameters(deps, tenantId, now));
  const cutoffs = retentionCutoffs(policy, now);
  const limit = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const say = (m: string) => opts.onProgress?.(`${slug}: ${m}`);
  let counts = ZERO_COUNTS;
  const base = { tenantId, slug, policy, cutoffs };
  try {
    await assertInRegion(deps, tenantId, deps.region, now);
    // One batch: lock the state, do the work, add its counts to the pending total — or roll back (dry run).
    const batch = async <T extends { readonly size: number }>(
      work: (trx: Db, state: RetentionStateTable) => Promise<{ result: T; counts: Partial<RetentionCounts> }>,
      advance?: (state: RetentionStateTable, result: T, done: boolean) => Partial<RetentionStateTable>,
    ): Promise<T> => {
      const run = async (trx: Db) => {
        const state = await lockRetentionState(trx, tenantId, now);
        const done = await work(trx, state);
        if (dryRun) throw new DryRunRollback(done);
        const pending = addCounts(countsFrom(state.pending ? JSON.parse(state.pending) : {}), done.counts);
        const any = countTotal(pending) > 0;
        await saveRetentionState(trx, {
          ...state,
          ...advance?.(state, done.result, done.result.size < limit),
          pending: any ? JSON.stringify(pending) : null,
          pending_since: any ? (state.pending_since ?? now) : null,
          updated_at: now,
        });
        return done;
      };
      let done: { result: T; counts: Partial<RetentionCounts> } | undefined;
      for (let attempt = 1; !done; attempt++) {
        try {
          done = await deps.store.transaction(run);
        } catch (e) {
          if (e instanceof DryRunRollback) done = e.result as { result: T; counts: Partial<RetentionCounts> };
          else if (!(isDeadlock(e) && attempt < MAX_ATTEMPTS)) throw e;
        }
      }
      // Counted once committed (or rolled back on purpose): a failed commit changed nothing.
      counts = addCounts(counts, done.counts);
      return done.result;
    };

    const redact = async (scope: RedactionScope, before: number, days: number) => {
      let after: ConversationCursor | undefined;
      for (;;) {
        const column = scope === "content" ? "conversations_through" : "personal_through";
        const b = await batch<ConversationBatch>(
          async (trx, state) => {
            // What earlier runs covered: for personal data, the content pass of this run covers the rest.
            const from = maxOf(
              state[column],
              scope === "personal" ? (cutoffs.conversations ?? null) : null,
              scope === "personal" ? state.conversations_through : null,
            );
            if (from !== null && from >= before) return { result: EMPTY_BATCH, counts: {} };
            const r = await redactConversationBatch(trx, tenantId, {
              scope,
              from,
              before,
              after,
              limit,
              tombstone: tombstone(days),
            });
            return { result: r, counts: r.counts };
          },
          (state, r, done) => {
            const through = done ? before : r.last?.at;
            if (through === undefined) return {};
            return scope === "content"
              ? {
                  conversations_through: maxOf(state.conversations_through, through),
                  ...(done ? { personal_through: maxOf(state.personal_through, through) } : {}),
                }
              : { personal_through: maxOf(state.personal_through, through) };
          },
        );
        if (b.size > 0)
          say(`${scope === "content" ? "conversation text" : "personal data"}: ${b.size} examined`);
        if (b.size < limit || !b.last) return;
        after = b.last;
      }
    };

    if (cutoffs.conversations !== null && policy.conversations !== null) {
      await redact("content", cutoffs.conversations, policy.conversations);
    }
    if (cutoffs.personalData !== null && policy.personalData !== null) {
      await redact("personal", cutoffs.personalData, policy.personalData);
    }
    if (cutoffs.idempotency !== null) {
      const before = cutoffs.idempotency;
      let after: IdempotencyCursor | undefined;
      for (;;) {
        const b = await batch(async (trx) => {
          const r = await expireIdempotentResponseBatch(trx, tenantId, { before, after, limit });
          return { result: r, counts: { idempotencyResponses: r.idempotencyResponses } };
        });
        if (b.size < limit || !b.last) break;
        after = b.last;
      }
    }
    if (cutoffs.trainingData !== null) {
      const before = cutoffs.trainingData;
      for (const retire of [retireExampleBatch, retireLearnedAnswerBatch]) {
        let after: string | undefined;
        for (;;) {
          const b = await batch(async (trx) => {
            const r = await retire(trx, tenantId, { before, after, limit });
            return {
              result: r,
              counts: { trainingExamples: r.trainingExamples, learnedAnswers: r.learnedAnswers },
            };
          });
          if (b.size > 0) say(`training data: ${b.size} examined`);
          if (b.size < limit || !b.last) break;
          after = b.last;
        }
      }
    }

    const recorded = dryRun ? null : await record(deps, tenantId, now, policy, cutoffs, opts);
    if (countTotal(counts) > 0)
      say(`${describeCounts(counts)}${dryRun ? " (dry run: nothing changed)" : ""}`);
    return { ...base, counts, recorded, error: null };
  } catch (e) {
    return {
      ...base,
      counts,
      recorded: null,
      error: {
        code: isVouchError(e) ? e.code : "INTERNAL",
        message: e instanceof Error ? e.message : String(e),
      },
    };
  }
}

/**
 * Write the tenant's pending total as one `retention.apply` admin entry and clear it, in one transaction.
 * Nothing is written when nothing is pending (a run that removed nothing leaves no entry). A tenant whose
 * contract no longer states retention may still have a total left by an interrupted run: it is recorded too.
 */
async function record(
  deps: StoreDeps,
  tenantId: string,
  now: number,
  policy: RetentionPolicy,
  cutoffs: RetentionCutoffs,
  opts: ApplyRetentionOptions,
): Promise<RecordedRun | null> {
  const row = await deps.store.db
    .selectFrom("retention_state")
    .select("pending")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row || (row.pending === null && !hasRetention(policy))) return null;
  const actor = await ledgerActor(deps.store, tenantId, opts.actor ?? RETENTION_ACTOR);
  return deps.store.transaction(async (trx) => {
    const state = await lockRetentionState(trx, tenantId, now);
    const pending = countsFrom(state.pending ? JSON.parse(state.pending) : {});
    if (countTotal(pending) === 0 || state.pending_since === null) {
      await saveRetentionState(trx, { ...state, last_run_at: now, updated_at: now });
      return null;
    }
    const run: RecordedRun = { at: now, since: state.pending_since, counts: pending };
    await recordAdminActions(trx, tenantId, [
      {
        time: now,
        actor,
        action: RETENTION_ACTION,
        subject: { tenant: tenantId },
        details: {
          policyDays: { ...policy },
          cutoffs: {
            conversations: isoOrNull(cutoffs.conversations),
            personalData: isoOrNull(cutoffs.personalData),
            trainingData: isoOrNull(cutoffs.trainingData),
            idempotency: isoOrNull(cutoffs.idempotency),
          },
          since: new Date(run.since).toISOString(),
          counts: { ...pending },
        },
      },
    ]);
    await saveRetentionState(trx, {
      ...state,
      pending: null,
      pending_since: null,
      last_run_at: now,
      last_result: JSON.stringify(run),
      updated_at: now,
    });
    return run;
  });
}

/**
 * PostgreSQL ended the batch to break a deadlock (40P01) or a serialisation conflict (40001). A batch locks
 * conversations then their handoffs, as replying to a handoff does; resolving one takes them the other way
 * round, so the two can meet. The batch only changes what is not yet removed, so running it again is safe.
 */
const isDeadlock = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
};
const MAX_ATTEMPTS = 3;

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function maxOf(...values: (number | null)[]): number | null {
  let m: number | null = null;
  for (const v of values) if (v !== null && (m === null || v > m)) m = v;
  return m;
}

/** `12 messages, 3 conversations, …` — the non-zero counts, for progress and logs. */
export function describeCounts(c: RetentionCounts): string {
  const parts = Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(", ") : "nothing to remove";
}
