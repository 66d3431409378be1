import type { Db, Store } from "../../store/index.js";
import { buildAdminEntry } from "../entries/build-entry.js";
import { digestContent } from "../entries/digest-personal-data.js";
import type { AdminData, EntryActor, EntrySubject } from "../entries/entry-schema.js";
import { type AppendResult, appendLedgerEntries, ledgerDigestKey } from "./append-ledger-entries.js";

/**
 * Who did something, as callers know it: an entry actor, or the free-text label the use cases already
 * carry (`"Dana (key_01…)"` from the HTTP routes, `"vouch kb import"` from the CLI, an inbox agent's name).
 */
export type ActorRef = EntryActor | string;

const KEY_ID = /^key_[0-9A-HJKMNP-TV-Z]{26}$/;
const KEY_IN_LABEL = /\((key_[0-9A-HJKMNP-TV-Z]{26})\)$/;
const CLI_LABEL = /^vouch(?: [a-z][a-z-]*)+$/;

/**
 * The entry actor for a label. A label naming an API key becomes that key (`api_key`), a CLI command
 * label a `system` actor; anything else may be a person's name, which must not enter an append-only log,
 * so it becomes the keyed digest of the label (`user`, `hmac-sha256:…`). Fetches the tenant's digest key
 * only in that last case; call it before the transaction (see ledgerDigestKey).
 */
export async function ledgerActor(
  store: Pick<Store, "db">,
  tenantId: string,
  ref: ActorRef,
): Promise<EntryActor> {
  if (typeof ref !== "string") return ref;
  const key = KEY_ID.test(ref) ? ref : KEY_IN_LABEL.exec(ref)?.[1];
  if (key) return { kind: "api_key", id: key };
  if (CLI_LABEL.test(ref)) return { kind: "system", id: ref.replaceAll(" ", "-") };
  return { kind: "user", id: digestContent(ref, await ledgerDigestKey(store, tenantId)) };
}

/** An administrative action to record. */
export interface AdminAction {
  /** Epoch milliseconds (the action's own `now`). */
  readonly time: number;
  readonly actor: EntryActor;
  /** A dotted code: `api_key.create`, `knowledge.article.update`, `tenant.settings.update`… */
  readonly action: string;
  readonly subject?: EntrySubject;
  /** Ids, digests and settings — never personal data. */
  readonly details?: AdminData["details"];
  readonly agentVersion?: string;
}

/** Record admin actions in the tenant's log, inside the transaction of the action itself. */
export async function recordAdminActions(
  trx: Db,
  tenantId: string,
  actions: readonly AdminAction[],
): Promise<AppendResult> {
  const entries = actions.map((a) =>
    buildAdminEntry({
      time: a.time,
      tenant: tenantId,
      actor: a.actor,
      ...(a.subject ? { subject: a.subject } : {}),
      ...(a.agentVersion ? { agentVersion: a.agentVersion } : {}),
      data: { action: a.action, details: a.details ?? {} },
    }),
  );
  return appendLedgerEntries(trx, tenantId, entries);
}
