import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommitter } from "./group-commit.js";
import { createTestStore, DIALECTS, insertTenantRow, type TestStore } from "./test-support/test-store.js";

const dir = mkdtempSync(join(tmpdir(), "vouch-gc-"));

for (const dialect of DIALECTS) {
  describe(`store transactions (${dialect})`, () => {
    let store: TestStore;
    let file: string;
    beforeEach(async () => {
      file = join(dir, `${Math.random()}.db`);
      store = await createTestStore(dialect, file);
      await insertTenantRow(store);
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

    if (dialect === "sqlite") {
      it("a batch stops taking transactions at its time budget, and the event loop runs between batches", async () => {
        // A fake clock that each transaction moves on by 2 ms, against a 5 ms budget: three per batch.
        let clock = 0;
        const committer = new GroupCommitter(store.db, { budgetMs: 5, now: () => clock });
        let ticks = 0;
        // Something that keeps asking for the event loop: it can only run between batches.
        let ticking = true;
        const tick = () => {
          ticks++;
          if (ticking) setImmediate(tick);
        };
        setImmediate(tick);
        const ticksSeen: number[] = [];
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            committer.run(async (trx) => {
              clock += 2;
              ticksSeen[i] = ticks;
              await bump(trx);
            }),
          ),
        );
        ticking = false;
        expect(await rev()).toBe(12);
        // Four batches of three, in order: timers ran between the batches, never inside one.
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
  });
}

process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
