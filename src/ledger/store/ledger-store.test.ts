import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { windowsFrom } from "../../conversations/index.js";
import { newConversationRows } from "../../conversations/post-customer-message.js";
import { ManualClock } from "../../shared/clock.js";
import { type Db, type Dialect, insertRowsTogether } from "../../store/index.js";
import { migrateTo, migrateToLatest } from "../../store/migrate.js";
import { createTestStore, DIALECTS, type TestStore } from "../../store/test-support/test-store.js";
import { DEFAULT_SETTINGS } from "../../tenants/index.js";
import { verifyProofBundle } from "../audit/verify-proof-bundle.js";
import { generateSigningKey, parseVerifierKey } from "../checkpoints/manage-signing-keys.js";
import { buildDecisionEntry, encodeEntry } from "../entries/build-entry.js";
import type { CanonicalEntry } from "../entries/canonical-entry.js";
import { sampleEntry } from "../test-support/make-ledger.js";
import { exportText, insertTestTenant, TestLedgerKeys, verifyTexts } from "../test-support/store-fixture.js";
import { planAppend } from "../tree/append-leaves.js";
import { buildConsistencyProof } from "../tree/build-consistency-proof.js";
import { buildInclusionProof } from "../tree/build-inclusion-proof.js";
import {
  computeConsistencyProof,
  computeInclusionProof,
  computeRoot,
} from "../tree/compute-reference-tree.js";
import { computeTreeRoot } from "../tree/compute-tree-root.js";
import { hashLeafText } from "../tree/hash-nodes.js";
import { verifyConsistencyProof } from "../tree/verify-consistency-proof.js";
import { verifyInclusionProof } from "../tree/verify-inclusion-proof.js";
import { appendLedgerEntries, ledgerDigestKey } from "./append-ledger-entries.js";
import { publishCheckpoint, publishDueCheckpoints } from "./publish-checkpoint.js";
import {
  listLedgerEntries,
  proveLedgerConsistency,
  proveLedgerEntry,
  resolveLedgerTarget,
} from "./read-ledger.js";
import { recordKeyRotation } from "./rotate-ledger-key.js";
import { queueLedgerEntries, sequenceAllLedgers, sequenceLedger } from "./sequence-ledger.js";
import { SqlLedgerReader } from "./sql-ledger-reader.js";

/** Every leaf hash of the tenant's log, straight from the entry texts (not from stored hashes). */
async function leavesOf(store: TestStore, tenantId: string): Promise<Uint8Array[]> {
  const rows = await store.db
    .selectFrom("ledger_entries")
    .select(["seq", "entry"])
    .where("tenant_id", "=", tenantId)
    .orderBy("seq")
    .execute();
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
  return rows.map((r) => hashLeafText(r.entry));
}

/** The whole tree checked against the RFC reference: roots at every size, proofs verify, rows are < 2n. */
async function checkTree(store: TestStore, tenantId: string, sizes?: readonly number[]): Promise<void> {
  const leaves = await leavesOf(store, tenantId);
  const reader = new SqlLedgerReader(store.db, tenantId);
  expect(await reader.treeSize()).toBe(leaves.length);
  const n = leaves.length;
  for (const size of sizes ?? Array.from({ length: n + 1 }, (_, i) => i)) {
    const root = computeRoot(leaves.slice(0, size));
    expect(Buffer.from(await computeTreeRoot(reader, size)).equals(root)).toBe(true);
    for (const index of [0, Math.floor(size / 3), size - 1].filter((i) => i >= 0 && i < size)) {
      const proof = await buildInclusionProof(reader, index, size);
      expect(proof.map((p) => Buffer.from(p).toString("hex"))).toEqual(
        computeInclusionProof(leaves.slice(0, size), index).map((p) => Buffer.from(p).toString("hex")),
      );
      expect(verifyInclusionProof(index, size, leaves[index]!, proof, root).ok).toBe(true);
    }
    if (size > 0 && n > 0) {
      const full = computeRoot(leaves);
      const proof = await buildConsistencyProof(reader, size, n);
      expect(proof.length).toBe(computeConsistencyProof(leaves, size).length);
      expect(verifyConsistencyProof(size, n, proof, root, full).ok).toBe(true);
    }
  }
  const nodes = await store.db
    .selectFrom("ledger_nodes")
    .select((eb) => eb.fn.countAll<number>().as("c"))
    .where("tenant_id", "=", tenantId)
    .executeTakeFirstOrThrow();
  expect(Number(nodes.c)).toBeLessThan(Math.max(1, n));
}

const entry = (i: number, tenantId: string): CanonicalEntry => sampleEntry(i, tenantId);

async function dropAppendOnlyGuards(store: TestStore, dialect: Dialect): Promise<void> {
  for (const t of ["ledger_entries", "ledger_nodes", "ledger_checkpoints", "ledger_subjects"]) {
    if (dialect === "postgres")
      await sql`drop trigger ${sql.id(`${t}_append_only`)} on ${sql.table(t)}`.execute(store.db);
    else
      for (const op of ["update", "delete"])
        await sql`drop trigger ${sql.id(`${t}_no_${op}`)}`.execute(store.db);
  }
}

for (const dialect of DIALECTS) {
  describe(`ledger store (${dialect})`, () => {
    let store: TestStore;
    const clock = new ManualClock();
    const keys = new TestLedgerKeys();
    const deps = () => ({ store, clock, ledgerKeys: keys });
    /** Append sample entries 0 … n − 1 to the tenant's log, in one transaction. */
    const appendSamples = (tenant: string, n: number) =>
      store.transaction((trx) =>
        appendLedgerEntries(
          trx,
          tenant,
          Array.from({ length: n }, (_, i) => entry(i, tenant)),
        ),
      );
    beforeAll(async () => {
      store = await createTestStore(dialect);
    });
    afterAll(async () => {
      await store?.dispose();
    });

    it("appends one at a time and in batches; every root and proof matches the RFC reference", async () => {
      const tenant = await insertTestTenant(store);
      let next = 0;
      for (const batch of [1, 1, 3, 1, 8, 2, 1, 17, 1, 5, 30, 1]) {
        const r = await store.transaction((trx) =>
          appendLedgerEntries(
            trx,
            tenant,
            Array.from({ length: batch }, (_, i) => entry(next + i, tenant)),
          ),
        );
        expect(r).toEqual({ firstSeq: next, treeSize: next + batch });
        next += batch;
      }
      await checkTree(store, tenant);
      // An empty append changes nothing and reports where the log stands.
      expect(await store.transaction((trx) => appendLedgerEntries(trx, tenant, []))).toEqual({
        firstSeq: next,
        treeSize: next,
      });
    });

    it("refuses an entry of another tenant and an append outside a transaction on PostgreSQL", async () => {
      const a = await insertTestTenant(store);
      const b = await insertTestTenant(store);
      await expect(
        store.transaction((trx) => appendLedgerEntries(trx, a, [entry(0, b)])),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
      if (dialect === "postgres") {
        await expect(appendLedgerEntries(store.db, a, [entry(0, a)])).rejects.toThrow(/transaction/);
      }
    });

    it("an entry exists exactly when its action committed: a rollback leaves no entry and no gap", async () => {
      const tenant = await insertTestTenant(store);
      await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(0, tenant)]));
      await expect(
        store.transaction(async (trx) => {
          await trx
            .updateTable("tenants")
            .set({ name: "changed by the action" })
            .where("tenant_id", "=", tenant)
            .execute();
          await appendLedgerEntries(trx, tenant, [entry(1, tenant), entry(2, tenant)]);
          throw new Error("the action fails after its entry was appended");
        }),
      ).rejects.toThrow(/action fails/);
      const t = await store.db
        .selectFrom("tenants")
        .select("name")
        .where("tenant_id", "=", tenant)
        .executeTakeFirstOrThrow();
      expect(t.name).toBe("T");
      expect((await leavesOf(store, tenant)).length).toBe(1);
      const subjects = await store.db
        .selectFrom("ledger_subjects")
        .select("seq")
        .where("tenant_id", "=", tenant)
        .execute();
      expect(subjects.every((s) => s.seq === 0)).toBe(true);
      // The next committed action continues at seq 1: the rolled-back append left nothing behind.
      const r = await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(9, tenant)]));
      expect(r).toEqual({ firstSeq: 1, treeSize: 2 });
      await checkTree(store, tenant);
    });

    it("serialises 50 concurrent transactions per tenant (and two tenants in parallel) into one valid tree", async () => {
      const tenants = [await insertTestTenant(store), await insertTestTenant(store)];
      const work = Array.from({ length: 50 }, (_, i) =>
        tenants.map((tenant) =>
          store.transaction(async (trx: Db) => {
            // Some work of the action before the append, as in a real request.
            await trx.selectFrom("tenants").select("tenant_id").where("tenant_id", "=", tenant).execute();
            const r = await appendLedgerEntries(trx, tenant, [entry(i, tenant)]);
            if (i % 7 === 3) throw new Error("rolled back");
            return r;
          }),
        ),
      ).flat();
      const settled = await Promise.allSettled(work);
      const committed = settled.filter((s) => s.status === "fulfilled").length;
      expect(committed).toBe(2 * 43);
      for (const tenant of tenants) {
        const leaves = await leavesOf(store, tenant); // asserts seq 0..n-1, each once
        expect(leaves.length).toBe(43);
        await checkTree(store, tenant, [1, 2, 3, 16, 17, 31, 32, 42, 43]);
        // Every entry of the tenant is one of the committed ones, each exactly once.
        const texts = (await listLedgerEntries({ store }, tenant, { limit: 100 })).items.map((e) => e.entry);
        const expected = Array.from({ length: 50 }, (_, i) => i)
          .filter((i) => i % 7 !== 3)
          .map((i) => entry(i, tenant).text);
        expect([...texts].sort()).toEqual([...expected].sort());
      }
    });

    it("queued entries commit or roll back with their action, and the sequencer appends them in order", async () => {
      const tenant = await insertTestTenant(store);
      await store.transaction((trx) => queueLedgerEntries(trx, tenant, [entry(0, tenant), entry(1, tenant)]));
      await expect(
        store.transaction(async (trx) => {
          await queueLedgerEntries(trx, tenant, [entry(2, tenant)]);
          throw new Error("the action fails");
        }),
      ).rejects.toThrow(/action fails/);
      // An immediate append goes straight into the log; queued entries follow when sequenced.
      await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(3, tenant)]));
      const pending = await store.db
        .selectFrom("ledger_pending")
        .select("entry")
        .where("tenant_id", "=", tenant)
        .execute();
      expect(pending).toHaveLength(2);
      expect(await sequenceLedger({ store }, tenant)).toEqual({ sequenced: 2, treeSize: 3 });
      expect(await sequenceLedger({ store }, tenant)).toEqual({ sequenced: 0, treeSize: 3 });
      const texts = (await listLedgerEntries({ store }, tenant, {})).items.map((e) => e.entry);
      expect(texts).toEqual([entry(3, tenant).text, entry(0, tenant).text, entry(1, tenant).text]);
      await checkTree(store, tenant);
      expect(
        await store.db.selectFrom("ledger_pending").select("entry").where("tenant_id", "=", tenant).execute(),
      ).toEqual([]);
    });

    it("recorded entries are in the log exactly for the actions that committed", async () => {
      const tenant = await insertTestTenant(store);
      const settled = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          store.transaction(async (trx) => {
            await queueLedgerEntries(trx, tenant, [entry(i, tenant)]);
            if (i % 4 === 1) throw new Error("rolled back");
          }),
        ),
      );
      expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(22);
      const queued = await store.db
        .selectFrom("ledger_pending")
        .select("entry")
        .where("tenant_id", "=", tenant)
        .execute();
      // Queued, so concurrent messages never wait on the head lock; the sequencer appends them.
      expect(queued).toHaveLength(22);
      expect((await sequenceLedger({ store }, tenant)).sequenced).toBe(22);
      const texts = (await listLedgerEntries({ store }, tenant, { limit: 100 })).items.map((e) => e.entry);
      const expected = Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 4 !== 1)
        .map((i) => entry(i, tenant).text);
      expect([...texts].sort()).toEqual([...expected].sort());
      await checkTree(store, tenant, [1, 2, 7, 8, 21, 22]);
      // Another tenant's log cannot take them.
      await expect(
        store.transaction((trx) => queueLedgerEntries(trx, tenant, [entry(0, "ten_other")])),
      ).rejects.toThrow(/cannot go into the log/);
    });

    it("entries recorded alongside the action's rows go in with them, or not at all", async () => {
      const tenant = await insertTestTenant(store);
      const action = (at: number) => {
        const { conv, outcome } = newConversationRows(
          tenant,
          {},
          windowsFrom(DEFAULT_SETTINGS),
          1_700_000_000_000 + at,
        );
        return [
          { table: "conversations" as const, rows: [conv] },
          { table: "outcomes" as const, rows: [outcome] },
        ];
      };
      const committed = action(1);
      await store.transaction(async (trx) => {
        await insertRowsTogether(trx, committed);
        await queueLedgerEntries(trx, tenant, [entry(0, tenant)]);
      });
      await expect(
        store.transaction(async (trx) => {
          await insertRowsTogether(trx, action(2));
          await queueLedgerEntries(trx, tenant, [entry(1, tenant)]);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      // Rows only, no entry: an action that records nothing still has its rows written.
      const quiet = action(3);
      await store.transaction(async (trx) => {
        await insertRowsTogether(trx, quiet);
        await queueLedgerEntries(trx, tenant, []);
      });
      await sequenceLedger({ store }, tenant);
      const conversations = await store.db
        .selectFrom("conversations")
        .select("conversation_id")
        .where("tenant_id", "=", tenant)
        .orderBy("conversation_id")
        .execute();
      expect(conversations.map((c) => c.conversation_id)).toEqual(
        [committed, quiet].map((a) => a[0]?.rows[0]?.conversation_id),
      );
      expect((await listLedgerEntries({ store }, tenant, {})).items.map((e) => e.entry)).toEqual([
        entry(0, tenant).text,
      ]);
      await checkTree(store, tenant);
    });

    it("a transaction whose entry is refused fails alone; the others in flight record theirs", async () => {
      const tenant = await insertTestTenant(store);
      const results = await Promise.allSettled(
        [0, 1, 2].map((i) =>
          store.transaction((trx) =>
            queueLedgerEntries(trx, tenant, [entry(10 + i, i === 1 ? "ten_other" : tenant)]),
          ),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      await sequenceLedger({ store }, tenant);
      const texts = (await listLedgerEntries({ store }, tenant, {})).items.map((e) => e.entry);
      expect([...texts].sort()).toEqual([entry(10, tenant).text, entry(12, tenant).text].sort());
    });

    it("a decision entry queued as JSON is sequenced to exactly the canonical bytes it was built with", async () => {
      const tenant = await insertTestTenant(store);
      const built = Array.from({ length: 30 }, (_, i) => entry(i, tenant));
      await store.transaction((trx) => queueLedgerEntries(trx, tenant, built));
      await sequenceLedger({ store }, tenant, { batch: 7 });
      const stored = (await listLedgerEntries({ store }, tenant, {})).items;
      expect(stored.map((e) => e.entry)).toEqual(built.map((e) => e.text));
      expect(stored.map((e) => e.leafHash)).toEqual(
        built.map((e) => Buffer.from(e.leafHash).toString("base64")),
      );
      for (const e of built) expect(encodeEntry(JSON.parse(JSON.stringify(e.entry))).text).toBe(e.text);
    });

    it("50 concurrent transactions queue while sequencers run: every committed entry in the log once", async () => {
      const tenants = [await insertTestTenant(store), await insertTestTenant(store)];
      let done = false;
      const sequencers = [0, 1].map(async () => {
        while (!done) {
          await sequenceAllLedgers({ store }, { skipIfBusy: true });
          await new Promise((r) => setTimeout(r, 1));
        }
      });
      const settled = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          tenants.map((tenant) =>
            store.transaction(async (trx) => {
              await queueLedgerEntries(trx, tenant, [entry(i, tenant)]);
              if (i % 7 === 3) throw new Error("rolled back");
            }),
          ),
        ).flat(),
      );
      done = true;
      await Promise.all(sequencers);
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(2 * 43);
      await sequenceAllLedgers({ store });
      for (const tenant of tenants) {
        const texts = (await listLedgerEntries({ store }, tenant, { limit: 100 })).items.map((e) => e.entry);
        const expected = Array.from({ length: 50 }, (_, i) => i)
          .filter((i) => i % 7 !== 3)
          .map((i) => entry(i, tenant).text);
        expect([...texts].sort()).toEqual([...expected].sort());
        await checkTree(store, tenant, [1, 2, 3, 16, 17, 31, 32, 42, 43]);
      }
    });

    if (dialect === "postgres") {
      it("a background sequencer skips a tenant whose head another transaction holds", async () => {
        const tenant = await insertTestTenant(store);
        await ledgerDigestKey(store, tenant); // creates the head row
        await store.transaction((trx) => queueLedgerEntries(trx, tenant, [entry(0, tenant)]));
        let release: () => void = () => {};
        const held = new Promise<void>((r) => {
          release = r;
        });
        let locked: () => void = () => {};
        const isLocked = new Promise<void>((r) => {
          locked = r;
        });
        const holder = store.transaction(async (trx) => {
          await sql`select 1 from ledger_heads where tenant_id = ${tenant} for update`.execute(trx);
          locked();
          await held;
        });
        await isLocked;
        try {
          expect(await sequenceLedger({ store }, tenant, { skipIfBusy: true })).toEqual({
            sequenced: 0,
            treeSize: undefined,
          });
        } finally {
          release();
          await holder;
        }
        expect(await sequenceLedger({ store }, tenant, { skipIfBusy: true })).toEqual({
          sequenced: 1,
          treeSize: 1,
        });
      });
    }

    it("finds entries by subject id and by seq", async () => {
      const tenant = await insertTestTenant(store);
      await appendSamples(tenant, 40);
      const conv = Object.values(entry(4, tenant).entry.subject)[0]!;
      const seqs = await resolveLedgerTarget({ store }, tenant, conv);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 17 === 4));
      expect(await resolveLedgerTarget({ store }, tenant, "12")).toEqual([12]);
      await expect(resolveLedgerTarget({ store }, tenant, "40")).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(resolveLedgerTarget({ store }, tenant, "conv_none")).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      const page = await listLedgerEntries({ store }, tenant, { subject: conv, limit: 2 });
      expect(page.items.map((e) => e.seq)).toEqual(seqs.slice(0, 2));
      expect(page.next).toBe(seqs[2]);
      const range = await listLedgerEntries({ store }, tenant, { from: 10, to: 40, limit: 25 });
      expect(range.items.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => 10 + i));
      expect(range.next).toBe(35);
      expect(range.items[0]!.leafHash).toBe(Buffer.from(entry(10, tenant).leafHash).toString("base64"));
    });

    it("gives each tenant one stable digest key", async () => {
      const a = await insertTestTenant(store);
      const b = await insertTestTenant(store);
      const ka = await ledgerDigestKey(store, a);
      expect(ka.length).toBe(32);
      expect(Buffer.from(await ledgerDigestKey(store, a)).equals(ka)).toBe(true);
      expect(Buffer.from(await ledgerDigestKey(store, b)).equals(ka)).toBe(false);
      // Another process (a fresh connection, no cache) reads the same key.
      if (dialect === "postgres") {
        const other = store.reopen();
        try {
          expect(Buffer.from(await ledgerDigestKey(other, a)).equals(ka)).toBe(true);
        } finally {
          await other.close();
        }
      }
      await expect(ledgerDigestKey(store, "ten_missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("migration 0006 moves every stored subtree to the last-leaf key and back, hashes intact", async () => {
      const tenant = await insertTestTenant(store);
      await appendSamples(tenant, 37);
      const leaves = await leavesOf(store, tenant);
      const count = async () =>
        Number(
          (
            await store.db
              .selectFrom("ledger_nodes")
              .select((eb) => eb.fn.countAll<number>().as("c"))
              .where("tenant_id", "=", tenant)
              .executeTakeFirstOrThrow()
          ).c,
        );
      const stored = await count();
      expect(stored).toBe(18 + 9 + 4 + 2 + 1); // the perfect subtrees above 37 leaves
      // Down: the (level, idx) layout, each row the reference hash of its subtree.
      await migrateTo(store, "0005-governance");
      const old = await sql<{ level: number; idx: number; hash: Uint8Array }>`
        select level, idx, hash from ledger_nodes where tenant_id = ${tenant}`.execute(store.db);
      expect(old.rows.length).toBe(stored);
      for (const r of old.rows) {
        const [level, idx] = [Number(r.level), Number(r.idx)];
        const want = computeRoot(leaves.slice(idx * 2 ** level, (idx + 1) * 2 ** level));
        expect(Buffer.from(r.hash).equals(Buffer.from(want))).toBe(true);
      }
      // Up again: the rows are read back through the new key, and every root and proof still checks.
      await migrateTo(store, "0006-ledger-nodes-by-last-leaf");
      expect(await count()).toBe(stored);
      await checkTree(store, tenant);
      await expect(
        sql`delete from ledger_nodes where tenant_id = ${tenant}`.execute(store.db),
      ).rejects.toThrow(/append-only/);
      await migrateToLatest(store);
    });

    /** The tenant's subject rows, in key order. */
    const subjectRows = (tenant: string) =>
      store.db
        .selectFrom("ledger_subjects")
        .select(["subject_id", "seq"])
        .where("tenant_id", "=", tenant)
        .orderBy("subject_id")
        .orderBy("seq")
        .execute();
    /** Append entries in one transaction. */
    const append = (tenant: string, entries: readonly CanonicalEntry[]) =>
      store.transaction((trx) => appendLedgerEntries(trx, tenant, entries));
    /** Entry i of sampleEntry, or (every 5th) a decision whose message and decision kinds name one id. */
    const withShared = (i: number, tenant: string): CanonicalEntry =>
      i % 5 !== 1
        ? entry(i, tenant)
        : buildDecisionEntry({
            time: Date.UTC(2026, 0, 5) + i,
            tenant,
            actor: { kind: "agent", id: "agent" },
            subject: { conversation: `conv_${i % 17}`, message: `msg_${i}`, decision: `msg_${i}` },
            data: {
              sources: [],
              latencyUs: 1,
              inputDigest: `sha256:${"0".repeat(64)}`,
              confidence: 0.5,
              action: "answer",
              reason: "answered",
            },
          });

    /** The subject rows appends write for `entries` (seq = position): one per distinct id of an entry. */
    const subjectRowsOf = (entries: readonly CanonicalEntry[]) =>
      entries
        .flatMap((e, seq) =>
          [...new Set(Object.values(e.entry.subject))].map((id) => ({ subject_id: id, seq })),
        )
        .sort((a, b) => (a.subject_id < b.subject_id ? -1 : a.subject_id > b.subject_id ? 1 : a.seq - b.seq));

    it("an append writes one subject row per distinct id of each entry, with the entry", async () => {
      const tenant = await insertTestTenant(store);
      const entries = Array.from({ length: 12 }, (_, i) => withShared(i, tenant));
      await append(tenant, entries.slice(0, 5));
      await expect(
        store.transaction(async (trx) => {
          await appendLedgerEntries(trx, tenant, entries.slice(5));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      // Neither the rolled-back entries nor their subject rows are there.
      expect((await subjectRows(tenant)).every((r) => Number(r.seq) < 5)).toBe(true);
      await append(tenant, entries.slice(5));
      // msg_1 and msg_6 are the message and the decision of their entries: one row each.
      expect((await subjectRows(tenant)).filter((r) => r.subject_id === "msg_6")).toEqual([
        { subject_id: "msg_6", seq: 6 },
      ]);
      expect(await subjectRows(tenant)).toEqual(subjectRowsOf(entries));
      expect(await resolveLedgerTarget({ store }, tenant, "msg_6")).toEqual([6]);
      await checkTree(store, tenant);
    });

    it("migration 0010 writes the subject rows the 0007 scheme left for later, and drops its mark", async () => {
      const tenant = await insertTestTenant(store);
      const entries = Array.from({ length: 40 }, (_, i) => withShared(i, tenant));
      await migrateTo(store, "0009-outcome-windows");
      // The 0007 scheme: the first 16 appended with their subject rows, the index marked up to there; the
      // other 24 appended without them, as at the end of a busy SQLite batch (entries, subtrees, head).
      await append(tenant, entries.slice(0, 16));
      await sql`update ledger_heads set subjects_to = 16 where tenant_id = ${tenant}`.execute(store.db);
      await store.transaction(async (trx) => {
        const head = await sql<{ tree_size: number | string; frontier: Uint8Array }>`
          select tree_size, frontier from ledger_heads where tenant_id = ${tenant}`.execute(trx);
        const { frontier } = head.rows[0]!;
        const split = Array.from({ length: frontier.length / 32 }, (_, k) =>
          frontier.subarray(32 * k, 32 * k + 32),
        );
        const later = entries.slice(16);
        const plan = planAppend(
          16,
          split,
          later.map((e) => e.leafHash),
        );
        for (const [k, e] of later.entries()) {
          await sql`insert into ledger_entries (tenant_id, seq, type, entry, leaf_hash, created_at)
            values (${tenant}, ${16 + k}, ${e.entry.type}, ${e.text}, ${e.leafHash}, ${e.timeMs})`.execute(
            trx,
          );
        }
        for (const n of plan.nodes.filter((node) => node.level > 0)) {
          const last = (n.index + 1) * 2 ** n.level - 1;
          await sql`insert into ledger_nodes (tenant_id, last_seq, level, hash)
            values (${tenant}, ${last}, ${n.level}, ${n.hash})`.execute(trx);
        }
        await sql`update ledger_heads set tree_size = ${plan.size}, frontier = ${Buffer.concat(plan.frontier)}
          where tenant_id = ${tenant}`.execute(trx);
      });
      expect((await subjectRows(tenant)).every((r) => Number(r.seq) < 16)).toBe(true);
      await migrateToLatest(store);
      // Every entry has its rows, exactly as if appended now, and lookups find them in the index alone.
      expect(await subjectRows(tenant)).toEqual(subjectRowsOf(entries));
      expect(await resolveLedgerTarget({ store }, tenant, "msg_31")).toEqual([31]);
      expect(await new SqlLedgerReader(store.db, tenant).seqsOfSubject("conv_5")).toEqual(
        entries.flatMap((e, seq) => (Object.values(e.entry.subject).includes("conv_5") ? [seq] : [])),
      );
      const columns = await sql<{ name: string }>`${sql.raw(
        dialect === "postgres"
          ? "select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'ledger_heads'"
          : "select name from pragma_table_info('ledger_heads')",
      )}`.execute(store.db);
      expect(columns.rows.map((c) => c.name)).not.toContain("subjects_to");
      // The log goes on from there, and the index is still append-only.
      await append(tenant, [withShared(40, tenant), withShared(41, tenant)]);
      expect(await subjectRows(tenant)).toEqual(
        subjectRowsOf([...entries, withShared(40, tenant), withShared(41, tenant)]),
      );
      await checkTree(store, tenant, [16, 40, 42]);
      await expect(
        sql`delete from ledger_subjects where tenant_id = ${tenant}`.execute(store.db),
      ).rejects.toThrow(/append-only/);
    });

    it("migration 0007 down rebuilds the subject index with kinds from every entry", async () => {
      const tenant = await insertTestTenant(store);
      const entries = Array.from({ length: 24 }, (_, i) => withShared(i, tenant));
      await append(tenant, entries.slice(0, 12));
      await append(tenant, entries.slice(12));
      await migrateTo(store, "0006-ledger-nodes-by-last-leaf");
      // One row per distinct id of an entry, its kind the first naming it in key order, as that schema's
      // code wrote them.
      const want = entries
        .flatMap((e, seq) =>
          Object.entries(e.entry.subject)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .filter(([, id], k, all) => all.findIndex(([, other]) => other === id) === k)
            .map(([kind, id]) => ({ subject_id: id, seq, kind })),
        )
        .sort((a, b) => (a.subject_id < b.subject_id ? -1 : a.subject_id > b.subject_id ? 1 : a.seq - b.seq));
      expect(want.find((r) => r.subject_id === "msg_11")?.kind).toBe("decision");
      const rows = await sql<{ subject_id: string; seq: number | string; kind: string }>`
        select subject_id, seq, kind from ledger_subjects where tenant_id = ${tenant}
        order by subject_id, seq`.execute(store.db);
      expect(rows.rows.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(want);
      await expect(
        sql`delete from ledger_subjects where tenant_id = ${tenant}`.execute(store.db),
      ).rejects.toThrow(/append-only/);
      await migrateToLatest(store);
      expect(await subjectRows(tenant)).toEqual(want.map(({ subject_id, seq }) => ({ subject_id, seq })));
      await expect(
        sql`delete from ledger_subjects where tenant_id = ${tenant}`.execute(store.db),
      ).rejects.toThrow(/append-only/);
    });

    it("refuses to update or delete ledger rows", async () => {
      const tenant = await insertTestTenant(store);
      await store.transaction((trx) =>
        appendLedgerEntries(trx, tenant, [entry(0, tenant), entry(1, tenant)]),
      );
      await publishCheckpoint(deps(), tenant);
      for (const t of ["ledger_entries", "ledger_nodes", "ledger_checkpoints", "ledger_subjects"] as const) {
        await expect(
          sql`update ${sql.table(t)} set tenant_id = tenant_id where tenant_id = ${tenant}`.execute(store.db),
        ).rejects.toThrow(/append-only/);
        await expect(
          sql`delete from ${sql.table(t)} where tenant_id = ${tenant}`.execute(store.db),
        ).rejects.toThrow(/append-only/);
      }
    });

    it("publishes checkpoints only when the log grew, exports, proves and verifies offline", async () => {
      const tenant = await insertTestTenant(store);
      await expect(proveLedgerEntry({ store }, tenant, 0)).rejects.toMatchObject({ code: "NOT_FOUND" });
      for (let i = 0; i < 70; i++) {
        await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(i, tenant)]));
        if (i === 9 || i === 40) {
          clock.advance(60_000);
          const due = await publishDueCheckpoints(deps());
          expect(due.find((d) => d.tenantId === tenant)).toEqual({
            tenantId: tenant,
            ok: true,
            treeSize: i + 1,
          });
          expect((await publishDueCheckpoints(deps())).find((d) => d.tenantId === tenant)).toBeUndefined();
        }
      }
      const first = await publishCheckpoint(deps(), tenant);
      expect(first).toMatchObject({ published: true, checkpoint: { treeSize: 70 } });
      expect(first.checkpoint.note).toContain(`/vouch/${tenant}\n70\n`);
      const again = await publishCheckpoint(deps(), tenant);
      expect(again).toEqual({ checkpoint: first.checkpoint, published: false });

      const text = await exportText(deps(), tenant);
      const report = await verifyTexts([text], [keys.key.vkey]);
      expect(report).toMatchObject({ ok: true, entries: 70, checkpointsVerified: 3 });

      const vkeys = [parseVerifierKey(keys.key.vkey)];
      const bundle = await proveLedgerEntry({ store }, tenant, 33);
      expect(verifyProofBundle(JSON.parse(JSON.stringify(bundle)), vkeys)).toMatchObject({
        ok: true,
        seq: 33,
      });
      const older = await proveLedgerEntry({ store }, tenant, 33, 41);
      expect(verifyProofBundle(older, vkeys)).toMatchObject({ ok: true, treeSize: 41 });
      await expect(proveLedgerEntry({ store }, tenant, 33, 10)).rejects.toMatchObject({
        code: "INVALID_STATE",
      });
      const consistency = await proveLedgerConsistency({ store }, tenant, 10);
      expect(verifyProofBundle(consistency, vkeys)).toMatchObject({ ok: true, kind: "consistency" });

      // The log grows; an earlier export is a prefix of the new one.
      await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(70, tenant)]));
      await publishCheckpoint(deps(), tenant);
      const later = await exportText(deps(), tenant);
      expect(await verifyTexts([text, later], [keys.key.vkey])).toMatchObject({ ok: true });
    });

    it("a key rotation is recorded in every log and its first checkpoint carries both signatures", async () => {
      const tenants = [await insertTestTenant(store), await insertTestTenant(store)];
      for (const tenant of tenants) {
        await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(0, tenant)]));
        await publishCheckpoint(deps(), tenant);
      }
      const rkeys = new TestLedgerKeys(generateSigningKey("vouch.test"));
      const old = rkeys.key.signer;
      const next = generateSigningKey("vouch.test");
      const input = {
        tenantIds: tenants,
        previous: old,
        next: next.signer,
        actor: { kind: "system", id: "test" } as const,
        deployment: "vouch.test",
      };
      const results = await recordKeyRotation({ store, clock }, input);
      expect(results).toEqual(
        tenants.map((tenantId) => ({ tenantId, ok: true, seq: 1, treeSize: 2, recorded: true })),
      );
      // Running it again (an interrupted rotation) records nothing twice.
      expect((await recordKeyRotation({ store, clock }, input)).every((r) => r.ok && !r.recorded)).toBe(true);
      for (const tenant of tenants) {
        const text = await exportText({ store, clock }, tenant);
        expect(text).toContain('"action":"key.rotate"');
        // Trusting only the old key or only the new key, the export verifies through the dual-signed checkpoint.
        const report = await verifyTexts([text], [old.vkey]);
        expect(report.ok).toBe(false); // the first checkpoint (size 1) was signed by keys.key, not `old`
        expect(await verifyTexts([text], [keys.key.vkey, old.vkey])).toMatchObject({ ok: true });
        const page = await listLedgerEntries({ store }, tenant, { from: 1 });
        const rotation = JSON.parse(page.items[0]!.entry);
        expect(rotation.data).toEqual({
          action: "key.rotate",
          details: { previousKey: old.vkey, newKey: next.vkey },
        });
        const cp = await store.db
          .selectFrom("ledger_checkpoints")
          .select(["note", "key_names"])
          .where("tenant_id", "=", tenant)
          .where("tree_size", "=", 2)
          .executeTakeFirstOrThrow();
        expect(cp.key_names.split(" ")).toHaveLength(2);
        await expect(verifyTexts([text], [keys.key.vkey, next.vkey])).resolves.toMatchObject({ ok: true });
      }
    });

    describe("tampering with the database is detected by verify", () => {
      let tenant: string;
      let honest: string;
      beforeAll(async () => {
        tenant = await insertTestTenant(store);
        for (let i = 0; i < 20; i++) {
          await store.transaction((trx) => appendLedgerEntries(trx, tenant, [entry(i, tenant)]));
          if (i === 9) await publishCheckpoint(deps(), tenant);
        }
        await publishCheckpoint(deps(), tenant);
        honest = await exportText(deps(), tenant);
        expect(await verifyTexts([honest], [keys.key.vkey])).toMatchObject({ ok: true, entries: 20 });
        // An attacker with the database owner's rights first removes the append-only guard.
        await dropAppendOnlyGuards(store, dialect);
      });

      const setEntry = (seq: number, text: string) =>
        store.db
          .updateTable("ledger_entries")
          .set({ entry: text })
          .where("tenant_id", "=", tenant)
          .where("seq", "=", seq)
          .execute();
      const problem = async () =>
        (await verifyTexts([await exportText(deps(), tenant)], [keys.key.vkey])).problem?.code;

      it("a changed entry", async () => {
        const original = entry(5, tenant).text;
        const changed = original.replace(/"confidence":[0-9.]+/, '"confidence":0.99');
        expect(changed).not.toBe(original);
        await setEntry(5, changed);
        expect(await problem()).toBe("ROOT_MISMATCH");
        await setEntry(5, original);
        expect(await problem()).toBeUndefined();
      });

      it("reordered entries", async () => {
        await setEntry(3, entry(4, tenant).text);
        await setEntry(4, entry(3, tenant).text);
        expect(await problem()).toBe("ROOT_MISMATCH");
        await setEntry(3, entry(3, tenant).text);
        await setEntry(4, entry(4, tenant).text);
        expect(await problem()).toBeUndefined();
      });

      it("a deleted entry", async () => {
        await store.db
          .deleteFrom("ledger_entries")
          .where("tenant_id", "=", tenant)
          .where("seq", "=", 12)
          .execute();
        await expect(exportText(deps(), tenant)).rejects.toThrow(/gap/);
        await store.db
          .insertInto("ledger_entries")
          .values({
            tenant_id: tenant,
            seq: 12,
            type: "decision",
            entry: entry(12, tenant).text,
            leaf_hash: entry(12, tenant).leafHash,
            created_at: 0,
          })
          .execute();
        expect(await problem()).toBeUndefined();
      });

      it("an inserted entry (later ones renumbered)", async () => {
        const forged = entry(99, tenant);
        for (let seq = 19; seq >= 7; seq--) {
          await store.db
            .updateTable("ledger_entries")
            .set({ seq: seq + 1 })
            .where("tenant_id", "=", tenant)
            .where("seq", "=", seq)
            .execute();
        }
        await store.db
          .insertInto("ledger_entries")
          .values({
            tenant_id: tenant,
            seq: 7,
            type: "decision",
            entry: forged.text,
            leaf_hash: forged.leafHash,
            created_at: 0,
          })
          .execute();
        expect(await problem()).toBe("ROOT_MISMATCH");
      });

      it("a forked log: history rewritten and re-signed with the operator's own key", async () => {
        // The operator rewrites entry 7, deletes the checkpoints and signs the rewritten log afresh.
        await store.db
          .deleteFrom("ledger_entries")
          .where("tenant_id", "=", tenant)
          .where("seq", ">=", 7)
          .execute();
        await store.db.deleteFrom("ledger_nodes").where("tenant_id", "=", tenant).execute();
        await store.db.deleteFrom("ledger_subjects").where("tenant_id", "=", tenant).execute();
        await store.db.deleteFrom("ledger_checkpoints").where("tenant_id", "=", tenant).execute();
        await store.db.deleteFrom("ledger_entries").where("tenant_id", "=", tenant).execute();
        await store.db
          .updateTable("ledger_heads")
          .set({ tree_size: 0, frontier: new Uint8Array(0) })
          .where("tenant_id", "=", tenant)
          .execute();
        for (let i = 0; i < 20; i++) {
          const e = i === 7 ? entry(77, tenant) : entry(i, tenant);
          await store.transaction((trx) => appendLedgerEntries(trx, tenant, [e]));
        }
        await publishCheckpoint(deps(), tenant);
        const forked = await exportText(deps(), tenant);
        // Alone, the forged export verifies: the operator holds the key. Next to anything the auditor kept
        // from before — the old export or just its checkpoint — the fork shows.
        expect(await verifyTexts([forked], [keys.key.vkey])).toMatchObject({ ok: true });
        expect((await verifyTexts([honest, forked], [keys.key.vkey])).problem?.code).toBe("CHECKPOINT_FORK");
        const oldNote = JSON.parse(
          honest.split("\n").find((l) => l.includes('"checkpoint"') && l.includes("\\n20\\n"))!,
        ).note;
        expect((await verifyTexts([forked], [keys.key.vkey], [oldNote])).problem?.code).toBe(
          "CHECKPOINT_FORK",
        );
      });
    });
  });
}
