import { sha256Hex, stableStringify } from "../shared/hash.js";
import type { Store } from "../store/index.js";
import type { TenantSettings } from "../tenants/index.js";
import { buildTrainingSet } from "./build-training-set.js";
import { type AnswerSource, REPLY_DIGEST } from "./compose-reply.js";
import type { Learning, TrainingSource } from "./ports.js";
import type { ResolverModel, TrainingExample } from "./resolver/types.js";
import { FUSION_PRIOR } from "./retrieval/fusion-prior.js";
import { buildKnowledgeModel, type KnowledgeModel } from "./retrieval/knowledge-model.js";
import { knowledgeSources } from "./retrieval/knowledge-sources.js";

/** A trained agent for one tenant at one knowledge revision and one set of settings. */
export interface AgentModel {
  /**
   * Content-addressed over everything a customer can receive: the resolver (its training data and
   * options), every answer it can quote (article titles, slugs and bodies, learned answers), the agent's
   * fixed replies and the settings. The same content gives the same id in every process; a change to any
   * of it — an article body alone included — is a new id.
   */
  readonly versionId: string;
  readonly knowledgeRev: number;
  readonly model: KnowledgeModel;
  /** By passage id: what the agent quotes when that passage answers, and its citation. */
  readonly answers: ReadonlyMap<string, AnswerSource>;
}

const digests = new WeakMap<TenantSettings, string>();

/**
 * Content digest of the settings that shape what the agent does. Settings objects are frozen and shared per
 * text (readSettings, applyContractSettings memoise them), so the digest is computed once per settings
 * change, not per message. `allowedOrigins` only says which web pages may call the API: changing it changes
 * nothing a customer receives, so it is not a new agent version.
 */
function settingsDigest(settings: TenantSettings): string {
  let d = digests.get(settings);
  if (d === undefined) {
    const { allowedOrigins: _notAgentBehaviour, ...agent } = settings;
    d = sha256Hex(stableStringify(agent));
    digests.set(settings, d);
  }
  return d;
}

/** Trains a model; may run elsewhere (a worker thread) and resolve later. */
export type TrainFn = (examples: readonly TrainingExample[]) => ResolverModel | Promise<ResolverModel>;

/** What the runtime is built from (wired at the composition root). */
interface AgentRuntimeDeps {
  /** Where the runtime registers the agent versions it serves (agent_versions). */
  readonly store: Store;
  readonly training: TrainingSource;
  readonly train: TrainFn;
  readonly now: () => number;
}

interface AgentRuntimeOptions {
  /**
   * After a knowledge change, how long a message waits for the retrained model before it is answered by
   * the previous version (the retrain goes on and takes over when ready). Small tenants retrain well
   * within it, so their next message already uses the change; a large tenant never stalls.
   */
  readonly maxStaleWaitMs?: number;
}

interface Trained {
  readonly knowledgeRev: number;
  readonly model: KnowledgeModel;
  readonly answers: ReadonlyMap<string, AnswerSource>;
  /** Digest of the resolver and of every answer it can quote (answersDigest). */
  readonly contentDigest: string;
  /** Whether approved examples and learned answers were trained on. */
  readonly useLearned: boolean;
}

/**
 * Digest of the answers the agent can quote: every passage's quoted text and citation. The resolver's
 * digest covers what it learns from but not the text it answers with, so an edited article body needs
 * its own digest.
 */
function answersDigest(answers: ReadonlyMap<string, AnswerSource>): string {
  const ordered = [...answers.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256Hex(stableStringify(ordered));
}

/**
 * Keeps each tenant's trained resolver in memory and retrains when the tenant's knowledge revision
 * moves (an article changed, a learning example was approved) — in this process or any other, since the
 * revision lives in the database. Training happens once per revision even under concurrent requests, and
 * a tenant with a model keeps being served by it while the next one trains (see maxStaleWaitMs); every
 * decision records the version that actually made it. Only the tenant's own articles and examples are
 * read: nothing learned from one tenant reaches another.
 */
export class AgentRuntime {
  private readonly trained = new Map<string, Trained>();
  private readonly inflight = new Map<string, Promise<Trained>>();
  private readonly registered = new Set<string>();

  private readonly maxStaleWaitMs: number;

  constructor(
    private readonly deps: AgentRuntimeDeps,
    options: AgentRuntimeOptions = {},
  ) {
    this.maxStaleWaitMs = options.maxStaleWaitMs ?? 1500;
  }

  /**
   * The tenant's agent at `knowledgeRev` with `settings`. `useLearned: false` (the contract in force says
   * `data.trainingUse: none`) trains without the tenant's approved examples and learned answers: a model
   * that holds them is never served meanwhile, not even while the retrain runs.
   */
  async modelFor(
    tenantId: string,
    knowledgeRev: number,
    settings: TenantSettings,
    opts: { readonly useLearned?: boolean } = {},
  ): Promise<AgentModel> {
    const useLearned = opts.useLearned ?? true;
    let t = this.trained.get(tenantId);
    if (!t || t.knowledgeRev < knowledgeRev || t.useLearned !== useLearned) {
      const next = this.retrain(tenantId, Math.max(knowledgeRev, t?.knowledgeRev ?? 0), useLearned);
      if (!t || (t.useLearned && !useLearned)) {
        t = await next;
      } else {
        const stale = t;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<Trained>((resolve) => {
          timer = setTimeout(() => resolve(stale), this.maxStaleWaitMs);
        });
        // A failed background retrain keeps the previous model; the next message tries again.
        t = await Promise.race([next.catch(() => stale), timeout]);
        clearTimeout(timer);
      }
    }
    const versionId = `ver_${sha256Hex(`${t.contentDigest}\n${REPLY_DIGEST}\n${settingsDigest(settings)}`).slice(0, 24)}`;
    await this.register(tenantId, versionId, t, settings);
    return { versionId, knowledgeRev: t.knowledgeRev, model: t.model, answers: t.answers };
  }

  /** Forget a tenant's model (tests, erasure). */
  evict(tenantId: string): void {
    this.trained.delete(tenantId);
  }

  private retrain(tenantId: string, knowledgeRev: number, useLearned: boolean): Promise<Trained> {
    const key = `${tenantId}@${knowledgeRev}${useLearned ? "" : "/no-learned"}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.load(tenantId, knowledgeRev, useLearned).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async load(tenantId: string, knowledgeRev: number, useLearned: boolean): Promise<Trained> {
    const { training } = this.deps;
    const nothing: Learning = { answers: [], examples: [] };
    const [articles, learning] = await Promise.all([
      training.articles(tenantId),
      useLearned ? training.learning(tenantId) : nothing,
    ]);
    const { passages, titles, answers } = knowledgeSources(articles, learning.answers);
    const resolver = await this.deps.train(
      buildTrainingSet(articles, learning.answers, learning.examples, passages),
    );
    const model = await buildKnowledgeModel({
      passages,
      titles,
      resolver,
      weights: FUSION_PRIOR,
    });
    const contentDigest = sha256Hex(`${model.digest}\n${answersDigest(answers)}`);
    const t: Trained = { knowledgeRev, model, answers, contentDigest, useLearned };
    const current = this.trained.get(tenantId);
    if (!current || current.knowledgeRev <= knowledgeRev) this.trained.set(tenantId, t);
    return t;
  }

  private async register(
    tenantId: string,
    versionId: string,
    t: Trained,
    settings: TenantSettings,
  ): Promise<void> {
    const key = `${tenantId}/${versionId}`;
    if (this.registered.has(key)) return;
    await this.deps.store.db
      .insertInto("agent_versions")
      .values({
        tenant_id: tenantId,
        version_id: versionId,
        resolver_digest: t.model.digest,
        settings_digest: settingsDigest(settings),
        knowledge_rev: t.knowledgeRev,
        label_count: t.model.labelCount,
        example_count: t.model.exampleCount,
        created_at: this.deps.now(),
      })
      .onConflict((oc) => oc.columns(["tenant_id", "version_id"]).doNothing())
      .execute();
    this.registered.add(key);
  }
}
