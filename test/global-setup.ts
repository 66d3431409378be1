import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * PostgreSQL test stores each live in a schema of their own. Dropping a schema while another test file's
 * migrator introspects the catalog makes that introspection fail ("relation … does not exist"), so no
 * schema is dropped while tests run: every schema of this run carries the run's prefix, and teardown drops
 * them all at the end.
 */
export default function setup(): () => Promise<void> {
  const run = randomBytes(4).toString("hex");
  process.env.VOUCH_TEST_RUN = run;
  return async () => {
    const url = process.env.VOUCH_TEST_PG_URL;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ nspname: string }>(
        "select nspname from pg_namespace where nspname like $1",
        [`t\\_${run}\\_%`],
      );
      for (const r of rows) await client.query(`drop schema if exists ${r.nspname} cascade`);
    } finally {
      await client.end();
    }
  };
}
