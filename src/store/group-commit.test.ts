import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BatchHook, deferToBatchEnd, GroupCommitter } from "./group-commit.js";
import type { Db } from "./open-store.js";
import { createTestStore, DIALECTS, type TestStore } from "./test-support/test-store.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-gc-"));

for (const dialect of DIALECTS) {
  describe(`store transactions (${dialect})`, () => {
    let store: TestStore;
    let file: string;
    beforeEach(async () => {
      file = join(dir, `${Math.random()}.db`);
      store = await createTestStore(dialect, file);
      await store.db
        .insertInto("tenants")
        .values({
          tenant_id: "ten_1",
          slug: "one",
          name: "One",
          settings: "{}",
          knowledge_rev: 0,
          created_at: 0,
        })
        .execute();
    });
    afterEach(() => store.dispose());
    const rev = async () =>
      (
        await store.db
          .selectFrom("tenants")
          .select("knowledge_rev")
          .where("tenant_id", "=", "ten_1")
          .executeTakeFirstOrThrow()
      ).knowledge_rev;
    const bump = (trx: Parameters<Parameters<TestStore["transaction"]>[0]>[0]) =>
      trx
        .updateTable("tenants")
        .set((eb) => ({ knowledge_rev: eb("knowledge_rev", "+", 1) }))
        .where("tenant_id", "=", "ten_1")
        .execute();

    it("many concurrent transactions all commit, each exactly once", async () => {
      await Promise.all(Array.from({ length: 50 }, () => store.transaction(bump)));
      expect(await rev()).toBe(50);
    });

    it("a failing transaction rolls back alone; the others in flight commit", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (trx) => {
            await bump(trx);
            if (i % 4 === 0) throw new Error(`boom ${i}`);
            return i;
          }),
        ),
      );
      expect(
        results
          .filter((r) => r.status === "rejected")
          .map((r) => (r as PromiseRejectedResult).reason.message),
      ).toEqual(["boom 0", "boom 4", "boom 8", "boom 12", "boom 16"]);
      expect(await rev()).toBe(15);
    });

    it("a failed statement inside a transaction rolls back that transaction's earlier writes", async () => {
      const r = await Promise.allSettled([
        store.transaction(bump),
        store.transaction(async (trx) => {
          await bump(trx);
          await sql`insert into tenants (tenant_id) values (null)`.execute(trx);
        }),
        store.transaction(bump),
      ]);
      expect(r.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(await rev()).toBe(2);
    });

    it("each transaction sees the ones committed before it (serial order)", async () => {
      const seen = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.transaction(async (trx) => {
            await bump(trx);
            return (await trx.selectFrom("tenants").select("knowledge_rev").executeTakeFirstOrThrow())
              .knowledge_rev;
          }),
        ),
      );
      expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("the result resolves only once committed: a new connection sees it", async () => {
      await store.transaction(bump);
      const other = store.reopen();
      const row = await other.db.selectFrom("tenants").select("knowledge_rev").executeTakeFirstOrThrow();
      await other.close();
      expect(row.knowledge_rev).toBe(1);
    });

    // Work left for the end of the batch (deferToBatchEnd): what the ledger uses on SQLite.
    const recorder = () => {
      const flushes: number[][] = [];
      const hook: BatchHook<number> = {
        async flush(trx: Db, items) {
          flushes.push([...items]);
          // The flush runs inside the batch's transaction: its writes commit or roll back with it.
          await trx
            .updateTable("tenants")
            .set((eb) => ({ knowledge_rev: eb("knowledge_rev", "+", 1000) }))
            .execute();
        },
      };
      return { hook, flushes };
    };

    if (dialect === "sqlite") {
      // These are about what one batch does: without a time budget, a slow first statement (cold cache, busy
      // machine) cannot split the batch.
      const unbudgeted = () => new GroupCommitter(store.db, { budgetMs: Number.POSITIVE_INFINITY });

      it("deferred items of the transactions that committed are flushed once, in order, before the commit", async () => {
        const { hook, flushes } = recorder();
        const committer = unbudgeted();
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            committer.run(async (trx) => {
              expect(deferToBatchEnd(trx, hook, i)).toBe(true);
              await bump(trx);
              if (i % 5 === 2) throw new Error(`boom ${i}`);
            }),
          ),
        );
        expect(results.filter((r) => r.status === "rejected")).toHaveLength(2);
        // All twelve arrived in one turn of the event loop: one batch, one flush of the ten that committed.
        expect(flushes).toEqual([[0, 1, 3, 4, 5, 6, 8, 9, 10, 11]]);
        expect(await rev()).toBe(10 + 1000);
      });

      it("a failing flush fails every transaction of the batch and rolls all of them back", async () => {
        const hook: BatchHook<number> = {
          flush: async () => {
            throw new Error("flush failed");
          },
        };
        const committer = unbudgeted();
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) =>
            committer.run(async (trx) => {
              await bump(trx);
              if (i === 3) deferToBatchEnd(trx, hook, i);
            }),
          ),
        );
        expect(results.map((r) => r.status)).toEqual(Array(5).fill("rejected"));
        expect(await rev()).toBe(0);
        // The next batch is unaffected.
        await store.transaction(bump);
        expect(await rev()).toBe(1);
      });

      it("a lone transaction's deferred items are flushed too", async () => {
        const { hook, flushes } = recorder();
        await store.transaction(async (trx) => {
          deferToBatchEnd(trx, hook, 7);
          deferToBatchEnd(trx, hook, 8);
        });
        expect(flushes).toEqual([[7, 8]]);
        expect(await rev()).toBe(1000);
      });
    }

    if (dialect === "sqlite") {
      it("a batch stops taking transactions at its time budget, and the event loop runs between batches", async () => {
        // A fake clock that each transaction moves on by 2 ms, against a 5 ms budget: three per batch.
        let clock = 0;
        const committer = new GroupCommitter(store.db, { budgetMs: 5, now: () => clock });
        const batchOf: number[] = [];
        let batchNo = 0;
        let ticks = 0;
        // Something that keeps asking for the event loop: it can only run between batches.
        let ticking = true;
        const tick = () => {
          ticks++;
          if (ticking) setImmediate(tick);
        };
        setImmediate(tick);
        const hook: BatchHook<number> = {
          async flush() {
            batchNo++;
          },
        };
        const ticksSeen: number[] = [];
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            committer.run(async (trx) => {
              clock += 2;
              batchOf[i] = batchNo;
              ticksSeen[i] = ticks;
              deferToBatchEnd(trx, hook, i);
              await bump(trx);
            }),
          ),
        );
        ticking = false;
        expect(await rev()).toBe(12);
        // Four batches of three, in order.
        expect(batchOf).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
        // Timers ran between the batches, never inside one.
        const perBatch = [0, 3, 6, 9].map((first) => new Set(ticksSeen.slice(first, first + 3)));
        expect(perBatch.map((seen) => seen.size)).toEqual([1, 1, 1, 1]);
        const seenAt = perBatch.map((seen) => [...seen][0] ?? 0);
        expect(seenAt).toEqual([...seenAt].sort((a, b) => a - b));
        expect(new Set(seenAt).size).toBe(4);
      });

      it("a batch that cannot begin (another process holds the write lock) fails its transactions, and the next ones run", async () => {
        const raw = new Database(file);
        raw.pragma("busy_timeout = 0");
        raw.exec("begin immediate");
        const committer = new GroupCommitter(store.db, { maxBatch: 4 });
        // The store's connection waits busy_timeout (5 s) before giving up; a short one keeps the test quick.
        await sql`pragma busy_timeout = 50`.execute(store.db);
        const first = await Promise.allSettled(Array.from({ length: 6 }, () => committer.run(bump)));
        expect(first.map((r) => r.status)).toEqual(Array(6).fill("rejected"));
        expect(String((first[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
        raw.exec("rollback");
        raw.close();
        await committer.run(bump);
        expect(await rev()).toBe(1);
      });
    }

    it("outside a group-committed batch nothing is deferred: the caller does the work", async () => {
      const { hook, flushes } = recorder();
      expect(deferToBatchEnd(store.db, hook, 1)).toBe(false);
      if (dialect === "postgres") {
        // PostgreSQL transactions are not group-committed.
        await store.transaction(async (trx) => {
          expect(deferToBatchEnd(trx, hook, 2)).toBe(false);
        });
      }
      expect(flushes).toEqual([]);
    });
  });
}

process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
