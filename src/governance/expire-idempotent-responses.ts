import type { Db } from "../store/index.js";

export interface IdempotencyCursor {
  readonly at: number;
  readonly key: string;
}

export interface ExpireBatch {
  readonly idempotencyResponses: number;
  readonly last: IdempotencyCursor | undefined;
  readonly size: number;
}

/**
 * One batch of the tenant's stored idempotent responses created before the cutoff, deleted in the caller's
 * transaction. They copy what the request answered — messages, the customer reference — so they go with
 * that text; a retry of such an old request runs again instead of replaying (see IDEMPOTENCY_REPLAY_MS).
 */
export async function expireIdempotentResponseBatch(
  trx: Db,
  tenantId: string,
  input: { readonly before: number; readonly after: IdempotencyCursor | undefined; readonly limit: number },
): Promise<ExpireBatch> {
  let query = trx
    .selectFrom("idempotency_keys")
    .select(["idem_key", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("created_at", "<", input.before);
  const after = input.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at", ">", after.at),
        eb.and([eb("created_at", "=", after.at), eb("idem_key", ">", after.key)]),
      ]),
    );
  }
  const rows = await query.orderBy("created_at").orderBy("idem_key").limit(input.limit).execute();
  const tail = rows.at(-1);
  if (!tail) return { idempotencyResponses: 0, last: undefined, size: 0 };
  const r = await trx
    .deleteFrom("idempotency_keys")
    .where("tenant_id", "=", tenantId)
    .where(
      "idem_key",
      "in",
      rows.map((row) => row.idem_key),
    )
    .where("created_at", "<", input.before)
    .executeTakeFirst();
  return {
    idempotencyResponses: Number(r.numDeletedRows),
    last: { at: tail.created_at, key: tail.idem_key },
    size: rows.length,
  };
}
