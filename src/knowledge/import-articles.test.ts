import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared/clock.js";
import { createTestStore, DIALECTS, type TestStore } from "../store/test-support/test-store.js";
import { createTenant } from "../tenants/index.js";
import type { ArticleInput } from "./article.js";
import { importArticles } from "./import-articles.js";

const article = (slug: string, body = `About ${slug}.`): ArticleInput => ({ slug, title: slug, body });

for (const dialect of DIALECTS) {
  describe(`importArticles writes every article whole or none (${dialect})`, () => {
    let store: TestStore;
    const clock = new ManualClock();
    let deps: { store: TestStore; clock: ManualClock };
    let tenantId: string;

    /** What an import leaves behind: article rows, versions, ledger entries, the knowledge revision. */
    const footprint = async () => {
      const count = async (table: "articles" | "article_versions" | "ledger_entries") =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as("n"))
              .where("tenant_id", "=", tenantId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const tenant = await store.db
        .selectFrom("tenants")
        .select("knowledge_rev")
        .where("tenant_id", "=", tenantId)
        .executeTakeFirstOrThrow();
      return {
        articles: await count("articles"),
        versions: await count("article_versions"),
        ledger: await count("ledger_entries"),
        knowledgeRev: tenant.knowledge_rev,
      };
    };

    beforeAll(async () => {
      store = await createTestStore(dialect);
      deps = { store, clock };
      tenantId = (await createTenant(deps, { name: "Acme", slug: "acme" })).tenant.id;
    });
    afterAll(() => store.dispose());

    it("refuses the whole batch, writing nothing, when an article has no text or repeats a slug", async () => {
      const before = await footprint();
      const batch = [
        article("a"),
        article("b", "# Only a heading"),
        article("a", "Again."),
        article("c", " "),
      ];
      await expect(importArticles(deps, tenantId, batch, "test")).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: [
          { path: "/articles/1/body", message: "has no text (only whitespace, headings or markup)" },
          { path: "/articles/2/slug", message: "repeats the slug a of /articles/0" },
          { path: "/articles/3/body", message: "has no text (only whitespace, headings or markup)" },
        ],
      });
      expect(await footprint()).toEqual(before);
    });

    it("a store failure in the middle of an article leaves no part of it, nor of the batch", async () => {
      const first = await importArticles(deps, tenantId, [article("kept", "Version one.")], "test");
      expect(first).toEqual([expect.objectContaining({ slug: "kept", status: "created", version: 1 })]);
      const before = await footprint();
      // The second article's row is written, then its version fails, as a full disk or a lost
      // connection would fail it.
      if (dialect === "sqlite") {
        await sql`create trigger fail_boom before insert on article_versions when new.slug = 'boom'
          begin select raise(abort, 'boom refused'); end`.execute(store.db);
      } else {
        await sql`create function fail_boom() returns trigger language plpgsql as $$
          begin if new.slug = 'boom' then raise exception 'boom refused'; end if; return new; end $$`.execute(
          store.db,
        );
        await sql`create trigger fail_boom before insert on article_versions
          for each row execute function fail_boom()`.execute(store.db);
      }
      const batch = [article("kept", "Version two."), article("boom"), article("after")];
      await expect(importArticles(deps, tenantId, batch, "test")).rejects.toThrow(/boom refused/);
      expect(await footprint()).toEqual(before);
      const kept = await store.db
        .selectFrom("articles")
        .select(["body", "version"])
        .where("tenant_id", "=", tenantId)
        .where("slug", "=", "kept")
        .executeTakeFirstOrThrow();
      expect(kept).toEqual({ body: "Version one.", version: 1 });

      await sql`drop trigger fail_boom${sql.raw(dialect === "sqlite" ? "" : " on article_versions")}`.execute(
        store.db,
      );
      const again = await importArticles(deps, tenantId, batch, "test");
      expect(again.map((r) => [r.slug, r.status, r.version])).toEqual([
        ["kept", "updated", 2],
        ["boom", "created", 1],
        ["after", "created", 1],
      ]);
      expect(await footprint()).toMatchObject({
        articles: before.articles + 2,
        versions: before.versions + 3,
        ledger: before.ledger + 3,
        knowledgeRev: before.knowledgeRev + 1,
      });
    });
  });
}
