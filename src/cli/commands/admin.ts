import type { Command } from "commander";
import { settleOutcomes } from "../../conversations/index.js";
import { VouchError } from "../../shared/errors.js";
import { migrateToLatest } from "../../store/index.js";
import {
  createApiKey,
  createTenant,
  KEY_SCOPES,
  type KeyScope,
  listApiKeys,
  listTenants,
  resolveTenant,
  revokeApiKey,
} from "../../tenants/index.js";
import { action, formatTable, printJson, printLine } from "../output.js";
import { withRuntime } from "../runtime.js";

/** Actions taken on the server's own command line are the operator's (ledger actor kind `system`). */
const CLI_ACTOR = { kind: "system" as const, id: "vouch-cli" };
const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());

export function registerAdmin(program: Command): void {
  program
    .command("migrate")
    .description("Bring the store's schema up to date (every command also does this on start)")
    .option("--json", "print the applied migrations as JSON")
    .action(
      action(async (o: { json?: boolean }) =>
        withRuntime(async (rt) => {
          const r = await migrateToLatest(rt.deps.store);
          const applied = (r.results ?? []).map((m) => ({ migration: m.migrationName, status: m.status }));
          if (o.json) printJson({ store: rt.storeLabel, applied });
          else
            printLine(
              applied.length
                ? applied.map((a) => `${a.status} ${a.migration}`).join("\n")
                : `schema is current (${rt.storeLabel})`,
            );
        }),
      ),
    );

  const tenant = program.command("tenant").description("Tenants");
  tenant
    .command("create <name>")
    .description("Create a tenant and print its first admin key")
    .requiredOption("--slug <slug>", "short unique name, a-z 0-9 -")
    .option("--json", "print as JSON")
    .action(
      action(async (name: string, o: { slug: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const r = await createTenant(rt.deps, { name, slug: o.slug });
          if (o.json)
            printJson({
              tenant: { id: r.tenant.id, slug: r.tenant.slug, name: r.tenant.name },
              adminKey: r.adminKey,
            });
          else
            printLine(
              `created ${r.tenant.id} (${r.tenant.slug})\nadmin key: ${r.adminKey.key}  (shown once)`,
            );
        }),
      ),
    );
  tenant
    .command("list")
    .description("List tenants")
    .option("--json", "print as JSON")
    .action(
      action(async (o: { json?: boolean }) =>
        withRuntime(async (rt) => {
          const ts = await listTenants(rt.deps);
          if (o.json)
            printJson(ts.map((t) => ({ id: t.id, slug: t.slug, name: t.name, createdAt: iso(t.createdAt) })));
          else
            printLine(
              formatTable(
                ["id", "slug", "name", "created"],
                ts.map((t) => [t.id, t.slug, t.name, iso(t.createdAt)]),
              ),
            );
        }),
      ),
    );

  const key = program.command("key").description("API keys of a tenant");
  key
    .command("create")
    .description("Create an API key (the secret is printed once)")
    .requiredOption("--scope <scope>", `one of ${KEY_SCOPES.join(", ")}`)
    .requiredOption("--name <name>", "what the key is for")
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--json", "print as JSON")
    .action(
      action(async (o: { scope: string; name: string; tenant?: string; json?: boolean }) => {
        if (!KEY_SCOPES.includes(o.scope as KeyScope)) {
          throw new VouchError("VALIDATION_FAILED", `--scope must be one of ${KEY_SCOPES.join(", ")}`);
        }
        await withRuntime(async (rt) => {
          const t = await resolveTenant(rt.deps, o.tenant);
          const k = await createApiKey(
            rt.deps,
            t.id,
            { scope: o.scope as KeyScope, name: o.name },
            CLI_ACTOR,
          );
          if (o.json) printJson(k);
          else printLine(`${k.id} (${k.scope}): ${k.key}  (shown once)`);
        });
      }),
    );
  key
    .command("list")
    .description("List a tenant's API keys")
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--json", "print as JSON")
    .action(
      action(async (o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const ks = await listApiKeys(rt.deps, (await resolveTenant(rt.deps, o.tenant)).id);
          if (o.json) printJson(ks);
          else
            printLine(
              formatTable(
                ["id", "scope", "name", "key", "created", "revoked"],
                ks.map((k) => [k.id, k.scope, k.name, k.prefix, iso(k.createdAt), iso(k.revokedAt)]),
              ),
            );
        }),
      ),
    );
  key
    .command("revoke <keyId>")
    .description("Revoke a key; it stops working at once")
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--json", "print as JSON")
    .action(
      action(async (keyId: string, o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const k = await revokeApiKey(
            rt.deps,
            (await resolveTenant(rt.deps, o.tenant)).id,
            keyId,
            CLI_ACTOR,
          );
          if (o.json) printJson(k);
          else printLine(`revoked ${k.id} (${k.scope}, ${k.name})`);
        }),
      ),
    );

  program
    .command("outcomes")
    .description("Outcome job")
    .command("settle")
    .description(
      "Settle due outcomes now (resolved after inactivity, durable after the window); safe to repeat",
    )
    .option("-t, --tenant <id|slug>", "only this tenant")
    .option("--json", "print the counts as JSON")
    .action(
      action(async (o: { tenant?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          const tenantId = o.tenant ? (await resolveTenant(rt.deps, o.tenant)).id : undefined;
          const r = await settleOutcomes(rt.deps, tenantId ? { tenantId } : {});
          if (o.json) printJson(r);
          else
            printLine(
              Object.entries(r)
                .map(([k, v]) => `${k}: ${v}`)
                .join("  "),
            );
        }),
      ),
    );
}
