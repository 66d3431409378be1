import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, HOUR, ManualClock, MINUTE } from "../shared/clock.js";
import { isVouchError, type VouchError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";
import { createTestStore, DIALECTS, type TestStore } from "../store/test-support/test-store.js";
import { createTenant } from "../tenants/index.js";
import { activateContract } from "./activate-contract.js";
import { diffStoredContracts, getActiveContract, getContract, listContracts } from "./read-contracts.js";
import { storeContract } from "./store-contract.js";

const CAREFUL = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");
const VENDOR = readFileSync("examples/contracts/vendor-standard.yaml", "utf8");
const HEAD = "apiVersion: vouch/v1\nkind: SupportContract\n";
const minimal = (name: string, extra = "") => `${HEAD}metadata: { name: ${name} }\n${extra}`;

/** The same store under a close() that leaves it open, for the SQLite branch of the concurrency test. */
const openAgain = (store: TestStore) => ({ ...store, close: async () => {} });

async function rejection(p: Promise<unknown>): Promise<VouchError> {
  try {
    await p;
  } catch (err) {
    if (isVouchError(err)) return err;
    throw err;
  }
  throw new Error("expected a VouchError");
}

for (const dialect of DIALECTS) {
  describe(`contract history and activation (${dialect})`, () => {
    let store: TestStore;
    const clock = new ManualClock();
    let deps: { store: TestStore; clock: ManualClock };
    let tenantId: string;
    let otherTenantId: string;

    // A file, so that a reopened SQLite store is a second connection to the same database.
    const dir = mkdtempSync(join(tmpdir(), "vouch-contracts-"));
    beforeAll(async () => {
      store = await createTestStore(dialect, join(dir, "vouch.db"));
      deps = { store, clock };
      tenantId = (await createTenant(deps, { name: "Acme", slug: "acme" })).tenant.id;
      otherTenantId = (await createTenant(deps, { name: "Other", slug: "other" })).tenant.id;
    });
    afterAll(async () => {
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it("stores a valid document exactly as uploaded, numbered per tenant, as a draft", async () => {
      const r = await storeContract(deps, tenantId, CAREFUL, "alice");
      expect(r.created).toBe(true);
      expect(r.detail.document).toBe(CAREFUL);
      expect(r.detail.contract).toMatchObject({
        version: 1,
        name: "acme-support-2025",
        revision: "2026-01 signed",
        sha256: sha256Hex(CAREFUL),
        status: "draft",
        lint: { error: 0, warning: 0, info: 0 },
        uploadedBy: "alice",
        uploadedAt: new Date(clock.now()).toISOString(),
        effectiveFrom: null,
      });
      expect(r.detail.contract.id).toMatch(/^ctr_[0-9A-Z]{26}$/);

      const again = await storeContract(deps, tenantId, CAREFUL, "bob");
      expect(again.created).toBe(false);
      expect(again.detail.contract.id).toBe(r.detail.contract.id);
      expect(again.detail.contract.uploadedBy).toBe("alice");

      // The other tenant numbers its own versions.
      const other = await storeContract(deps, otherTenantId, minimal("other-1"), "carol");
      expect(other.detail.contract.version).toBe(1);
    });

    it("refuses an invalid document with located problems and stores nothing", async () => {
      const before = (await listContracts(deps, tenantId)).items.length;
      const err = await rejection(
        storeContract(
          deps,
          tenantId,
          minimal("x", "sla:\n  objectives:\n    - { metric: csat, flor: 4 }\n"),
          "a",
        ),
      );
      expect(err.code).toBe("CONTRACT_INVALID");
      const problems = (err.details as { problems: { code: string; path: string; line: number }[] }).problems;
      expect(problems[0]).toMatchObject({ code: "unknown-key", path: "sla.objectives[0].flor", line: 6 });
      expect((await listContracts(deps, tenantId)).items).toHaveLength(before);
    });

    it("refuses a contract whose metadata.tenant names another tenant", async () => {
      const doc = `${HEAD}metadata:\n  name: wrong\n  tenant: someone-else\n`;
      const err = await rejection(storeContract(deps, tenantId, doc, "a"));
      expect(err.code).toBe("CONTRACT_TENANT_MISMATCH");
      expect(err.details).toMatchObject({ path: "metadata.tenant", line: 5, column: 3 });
      // The slug and the id both name this tenant.
      await storeContract(deps, tenantId, `${HEAD}metadata:\n  name: by-id\n  tenant: ${tenantId}\n`, "a");
    });

    it("keeps every version, newest first; activation supersedes the previous one from its date", async () => {
      const v1 = (await listContracts(deps, tenantId)).items.find((c) => c.version === 1)!;
      const a1 = await activateContract(deps, tenantId, { contractId: v1.id, actor: "alice" });
      expect(a1.activation).toMatchObject({ seq: 1, state: "in-force", activeUntil: null, version: 1 });
      expect(a1.detail.contract.status).toBe("active");

      const v3 = await storeContract(deps, tenantId, VENDOR, "bob");
      expect(v3.detail.contract.version).toBe(3);
      // Lint errors are the buyer's to weigh: the version is stored, and may be activated, with them.
      const errors = v3.detail.findings.filter((f) => f.severity === "error");
      expect(errors.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["VCH101", "VCH402"]));
      expect(v3.detail.contract.lint.error).toBe(errors.length);

      // Next week: scheduled, not active yet.
      const start = clock.now();
      const from = start + 7 * DAY;
      clock.advance(HOUR);
      const a2 = await activateContract(deps, tenantId, {
        contractId: v3.detail.contract.id,
        effectiveFrom: from,
        actor: "bob",
      });
      expect(a2.activation).toMatchObject({ seq: 2, state: "pending" });
      expect(a2.detail.contract.status).toBe("scheduled");
      expect((await getActiveContract(deps, tenantId)).contract.id).toBe(v1.id);
      expect((await getActiveContract(deps, tenantId, from - 1)).contract.id).toBe(v1.id);
      expect((await getActiveContract(deps, tenantId, from)).contract.id).toBe(v3.detail.contract.id);

      clock.set(from);
      const history = await listContracts(deps, tenantId);
      expect(history.items.map((c) => [c.version, c.status])).toEqual([
        [3, "active"],
        [2, "draft"],
        [1, "superseded"],
      ]);
      expect(history.activations.map((a) => [a.seq, a.version, a.state])).toEqual([
        [2, 3, "in-force"],
        [1, 1, "ended"],
      ]);
      expect(history.activations[1]?.activeUntil).toBe(new Date(from).toISOString());
      expect((await getContract(deps, tenantId, v1.id)).document).toBe(CAREFUL);
    });

    it("orders activations by effective date: a sooner one binds until a scheduled one, the same date replaces it", async () => {
      const list = (await listContracts(deps, tenantId)).items;
      const v1 = list.find((c) => c.version === 1)!;
      const v2 = list.find((c) => c.version === 2)!;
      const v3 = list.find((c) => c.version === 3)!;
      const now = clock.now();
      const later = await activateContract(deps, tenantId, {
        contractId: v1.id,
        effectiveFrom: now + 30 * DAY,
        actor: "a",
      });
      const sooner = await activateContract(deps, tenantId, {
        contractId: v2.id,
        effectiveFrom: now + 10 * DAY,
        actor: "a",
      });
      const version = async (at: number) => (await getActiveContract(deps, tenantId, at)).contract.version;
      expect([await version(now), await version(now + 10 * DAY), await version(now + 30 * DAY)]).toEqual([
        3, 2, 1,
      ]);

      const replacing = await activateContract(deps, tenantId, {
        contractId: v3.id,
        effectiveFrom: now + 30 * DAY,
        actor: "a",
      });
      clock.set(now + 40 * DAY);
      const history = await listContracts(deps, tenantId);
      const state = (seq: number) => history.activations.find((a) => a.seq === seq)?.state;
      expect(state(later.activation.seq)).toBe("cancelled");
      expect(state(sooner.activation.seq)).toBe("ended");
      expect(state(replacing.activation.seq)).toBe("in-force");
      expect((await getActiveContract(deps, tenantId)).contract.version).toBe(3);
    });

    it("refuses an effective date in the past, but reads a few minutes of clock skew as now", async () => {
      const id = (await listContracts(deps, tenantId)).items[0]!.id;
      const err = await rejection(
        activateContract(deps, tenantId, { contractId: id, effectiveFrom: clock.now() - HOUR, actor: "a" }),
      );
      expect(err.code).toBe("VALIDATION_FAILED");
      const skewed = await activateContract(deps, tenantId, {
        contractId: id,
        effectiveFrom: clock.now() - MINUTE,
        actor: "a",
      });
      expect(skewed.activation.effectiveFrom).toBe(new Date(clock.now()).toISOString());
      expect(skewed.activation.state).toBe("in-force");
    });

    it("never lets a tenant see, activate or diff another tenant's contract", async () => {
      const theirs = (await listContracts(deps, otherTenantId)).items[0]!.id;
      const mine = (await listContracts(deps, tenantId)).items[0]!.id;
      for (const call of [
        () => getContract(deps, tenantId, theirs),
        () => activateContract(deps, tenantId, { contractId: theirs, actor: "a" }),
        () => diffStoredContracts(deps, tenantId, mine, theirs),
      ]) {
        expect((await rejection(call())).code).toBe("NOT_FOUND");
      }
      expect((await listContracts(deps, otherTenantId)).activations).toHaveLength(0);
      expect((await rejection(getActiveContract(deps, otherTenantId))).code).toBe("NOT_FOUND");
    });

    it("diffs two stored versions", async () => {
      const list = (await listContracts(deps, tenantId)).items;
      const v1 = list.find((c) => c.version === 1)!;
      const v3 = list.find((c) => c.version === 3)!;
      const diff = await diffStoredContracts(deps, tenantId, v1.id, v3.id);
      expect(diff.old).toEqual({ id: v1.id, version: 1, name: "acme-support-2025" });
      expect(
        diff.changes.some((c) => c.path === "changeManagement.noticeDays" && c.direction === "worse"),
      ).toBe(true);
      expect(diff.findingsAdded.map((f) => f.ruleId)).toEqual(
        expect.arrayContaining(["VCH101", "VCH402", "VCH602"]),
      );
      expect(diff.findingsRemoved).toEqual([]);
    });

    it("serialises concurrent activations from two processes: distinct sequence numbers, one in force", async () => {
      const list = (await listContracts(deps, tenantId)).items;
      const before = (await listContracts(deps, tenantId)).activations.length;
      // SQLite: one connection per process (better-sqlite3 waits for a lock synchronously, so a second
      // connection in the same thread would block the first); BEGIN IMMEDIATE serialises across processes.
      const second = { store: dialect === "postgres" ? store.reopen() : openAgain(store), clock };
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          activateContract(i % 2 ? second : deps, tenantId, {
            contractId: list[i % list.length]!.id,
            actor: `admin-${i}`,
          }),
        ),
      ).finally(() => second.store.close());
      const seqs = results.map((r) => r.activation.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => before + i + 1));
      const history = await listContracts(deps, tenantId);
      expect(history.activations.filter((a) => a.state === "in-force")).toHaveLength(1);
      expect(history.items.filter((c) => c.status === "active")).toHaveLength(1);
      const last = results.find((r) => r.activation.seq === before + 12)!;
      expect((await getActiveContract(deps, tenantId)).contract.id).toBe(last.detail.contract.id);
    });

    it("serialises concurrent uploads: gapless version numbers", async () => {
      const before = (await listContracts(deps, tenantId)).items.length;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => storeContract(deps, tenantId, minimal(`parallel-${i}`), "a")),
      );
      expect(results.map((r) => r.detail.contract.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 8 }, (_, i) => before + i + 1),
      );
    });

    it("a second process sees the same history", async () => {
      const other = store.reopen();
      try {
        const a = await listContracts({ store: other, clock }, tenantId);
        const b = await listContracts(deps, tenantId);
        expect(a).toEqual(b);
      } finally {
        await other.close();
      }
    });

    it("records every new version and every activation in the tenant's ledger", async () => {
      const rows = await store.db
        .selectFrom("ledger_entries")
        .select("entry")
        .where("tenant_id", "=", tenantId)
        .where("type", "=", "admin")
        .orderBy("seq")
        .execute();
      const entries = rows
        .map(
          (r) =>
            JSON.parse(r.entry) as {
              actor: { kind: string };
              subject: { contract?: string };
              data: { action: string; details: Record<string, unknown> };
            },
        )
        .filter((e) => e.data.action.startsWith("contract."));
      const history = await listContracts(deps, tenantId);
      expect(entries.filter((e) => e.data.action === "contract.upload")).toHaveLength(history.items.length);
      expect(entries.filter((e) => e.data.action === "contract.change")).toHaveLength(
        history.activations.length,
      );
      const first = entries.find((e) => e.data.action === "contract.upload")!;
      const v1 = history.items.find((c) => c.version === 1)!;
      expect(first).toMatchObject({
        actor: { kind: "user" },
        subject: { contract: v1.id },
        data: { details: { version: 1, sha256: v1.sha256, lint: { error: 0, warning: 0, info: 0 } } },
      });
      // The uploader's name is a person's: only its keyed digest enters the append-only log.
      expect(JSON.stringify(entries)).not.toContain("alice");
    });

    it("stored documents and activations cannot be changed, even by a direct UPDATE", async () => {
      await expect(
        store.db
          .updateTable("contracts")
          .set({ document: "tampered" })
          .where("tenant_id", "=", tenantId)
          .execute(),
      ).rejects.toThrow(/never changed/);
      await expect(
        store.db
          .updateTable("contract_activations")
          .set({ effective_from: 0 })
          .where("tenant_id", "=", tenantId)
          .execute(),
      ).rejects.toThrow(/never changed/);
    });
  });
}
