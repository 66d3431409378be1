import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { trainingSource } from "../app/wire-rooms.js";
import { createArticle, updateArticle } from "../knowledge/index.js";
import { ManualClock } from "../shared/clock.js";
import { createTestStore, type TestStore } from "../store/test-support/test-store.js";
import { createTenant, DEFAULT_SETTINGS, getTenant } from "../tenants/index.js";
import { AgentRuntime, type TrainFn } from "./agent-runtime.js";
import type { ResolverModel, TrainingExample } from "./resolver/types.js";
import { trainWordOverlap } from "./test-support/word-overlap-resolver.js";

describe("AgentRuntime", () => {
  let store: TestStore;
  let tenantId: string;
  const clock = new ManualClock();
  /** The stale-model wait is a timer: tests move it forward themselves instead of waiting for it. */
  const fakeTimers = () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
  };
  beforeEach(async () => {
    store = await createTestStore("sqlite");
    tenantId = (await createTenant({ store, clock }, { name: "T", slug: "tt" })).tenant.id;
  });
  afterEach(() => store.dispose());
  /** A runtime over this test's store, training from it through the rooms that own the knowledge. */
  const runtime = (train: TrainFn, options?: { maxStaleWaitMs: number }) =>
    new AgentRuntime({ store, training: trainingSource(store), train, now: () => clock.now() }, options);

  it("trains once per knowledge revision, even under concurrent requests", async () => {
    let trainings = 0;
    const rt = runtime((ex) => {
      trainings++;
      return trainWordOverlap(ex);
    });
    const [a, b] = await Promise.all([
      rt.modelFor(tenantId, 0, DEFAULT_SETTINGS),
      rt.modelFor(tenantId, 0, DEFAULT_SETTINGS),
    ]);
    expect(trainings).toBe(1);
    expect(a.versionId).toBe(b.versionId);
    expect((await rt.modelFor(tenantId, 1, DEFAULT_SETTINGS)).knowledgeRev).toBe(1);
    expect(trainings).toBe(2);
  });

  it("a settings change is a new version without retraining", async () => {
    const rt = runtime(trainWordOverlap);
    const a = await rt.modelFor(tenantId, 0, DEFAULT_SETTINGS);
    const b = await rt.modelFor(tenantId, 0, { ...DEFAULT_SETTINGS, confidenceThreshold: 0.9 });
    expect(a.versionId).not.toBe(b.versionId);
    expect(a.model).toBe(b.model);
    const versions = await store.db.selectFrom("agent_versions").select("version_id").execute();
    expect(versions.map((v) => v.version_id).sort()).toEqual([a.versionId, b.versionId].sort());
  });

  it("the web pages allowed to call the API are not part of the agent's version", async () => {
    const rt = runtime(trainWordOverlap);
    const a = await rt.modelFor(tenantId, 0, DEFAULT_SETTINGS);
    const b = await rt.modelFor(tenantId, 0, {
      ...DEFAULT_SETTINGS,
      allowedOrigins: ["https://shop.example.com"],
    });
    expect(b.versionId).toBe(a.versionId);
  });

  it("serves the previous model while a slow retrain runs, then switches", async () => {
    fakeTimers();
    let release: (m: ResolverModel) => void = () => {};
    let calls = 0;
    const rt = runtime(
      (ex: readonly TrainingExample[]) => {
        calls++;
        if (calls === 1) return trainWordOverlap(ex);
        return new Promise<ResolverModel>((resolve) => {
          release = resolve;
        });
      },
      { maxStaleWaitMs: 20 },
    );
    const first = await rt.modelFor(tenantId, 0, DEFAULT_SETTINGS);
    const waiting = rt.modelFor(tenantId, 1, DEFAULT_SETTINGS);
    // The wait runs out before the retrain ends: the previous model answers.
    await vi.advanceTimersByTimeAsync(20);
    const during = await waiting;
    expect(during.knowledgeRev).toBe(0);
    expect(during.versionId).toBe(first.versionId);
    release({ ...trainWordOverlap([{ text: "x", label: "y" }]), digest: "new" });
    // The timer is not moved again, so this call gets the retrained model, whenever it is ready.
    const after = await rt.modelFor(tenantId, 1, DEFAULT_SETTINGS);
    expect(after.knowledgeRev).toBe(1);
    expect(after.versionId).not.toBe(first.versionId);
    expect(calls).toBe(2);
  });

  it("a failed retrain keeps serving the previous model", async () => {
    let calls = 0;
    const rt = runtime((ex) => {
      calls++;
      if (calls === 2) throw new Error("out of memory");
      return trainWordOverlap(ex);
    });
    const first = await rt.modelFor(tenantId, 0, DEFAULT_SETTINGS);
    expect((await rt.modelFor(tenantId, 1, DEFAULT_SETTINGS)).versionId).toBe(first.versionId);
    expect((await rt.modelFor(tenantId, 1, DEFAULT_SETTINGS)).knowledgeRev).toBe(1);
  });

  it("the version id covers what a customer receives: an article body alone is a new version", async () => {
    const deps = { store, clock };
    const rt = runtime(trainWordOverlap);
    const version = async () => {
      const t = await getTenant(deps, tenantId);
      return (await rt.modelFor(tenantId, t.knowledgeRev, DEFAULT_SETTINGS)).versionId;
    };
    const article = await createArticle(
      deps,
      tenantId,
      { slug: "reset", title: "Reset your password", body: "Use the reset link.", questions: ["reset"] },
      "test",
    );
    const original = await version();
    // Same title and questions, so the resolver learns exactly the same; only the answer text differs.
    await updateArticle(deps, tenantId, article.id, { body: "Call us and we will reset it." }, "test");
    const edited = await version();
    expect(edited).not.toBe(original);
    // The same content again is the same version, in this process and in a fresh one.
    await updateArticle(deps, tenantId, article.id, { body: "Use the reset link." }, "test");
    expect(await version()).toBe(original);
    const fresh = runtime(trainWordOverlap);
    const t = await getTenant(deps, tenantId);
    expect((await fresh.modelFor(tenantId, t.knowledgeRev, DEFAULT_SETTINGS)).versionId).toBe(original);
  });

  it("without learned data, never serves a model that holds it, even while the retrain runs", async () => {
    await store.db
      .insertInto("learned_answers")
      .values({
        tenant_id: tenantId,
        answer_id: "ans_1",
        title: "how long are deleted projects kept",
        body: "Thirty days.",
        handoff_id: null,
        status: "active",
        created_at: clock.now(),
      })
      .execute();
    const seen: (readonly TrainingExample[])[] = [];
    let release: () => void = () => {};
    const rt = runtime(
      (ex) => {
        seen.push(ex);
        if (seen.length === 1) return trainWordOverlap(ex);
        return new Promise<ResolverModel>((resolve) => {
          release = () => resolve(trainWordOverlap(ex));
        });
      },
      { maxStaleWaitMs: 1 },
    );
    const learned = await rt.modelFor(tenantId, 0, DEFAULT_SETTINGS);
    expect(learned.answers.has("ans_1:")).toBe(true);
    fakeTimers();
    const pending = rt.modelFor(tenantId, 0, DEFAULT_SETTINGS, { useLearned: false });
    // Well past maxStaleWaitMs: a stale model may not stand in for this one.
    await vi.advanceTimersByTimeAsync(30);
    release();
    const without = await pending;
    expect(without.answers.has("ans_1:")).toBe(false);
    expect(seen[1]?.some((e) => e.label === "ans_1")).toBe(false);
    expect(without.versionId).not.toBe(learned.versionId);
  });
});
