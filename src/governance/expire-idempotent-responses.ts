import type { ExpressionBuilder } from "kysely";
import type { Database, Db } from "../store/index.js";

export interface IdempotencyCursor {
  readonly at: number;
  readonly caller: string;
  readonly key: string;
}

interface ExpireBatch {
  readonly idempotencyResponses: number;
  readonly last: IdempotencyCursor | undefined;
  readonly size: number;
}

/**
 * One batch of the tenant's stored idempotent responses created before the cutoff, deleted in the caller's
 * transaction. They copy what the request answered — messages, the customer reference — so they go with
 * that text; a retry of such an old request runs again instead of replaying (see IDEMPOTENCY_REPLAY_MS).
 * Rows are walked in (created_at, caller, idem_key) order.
 */
export async function expireIdempotentResponseBatch(
  trx: Db,
  tenantId: string,
  input: { readonly before: number; readonly after: IdempotencyCursor | undefined; readonly limit: number },
): Promise<ExpireBatch> {
  const after = input.after;
  const order = (eb: ExpressionBuilder<Database, "idempotency_keys">) =>
    eb.refTuple("created_at", "caller", "idem_key");
  let query = trx
    .selectFrom("idempotency_keys")
    .select(["caller", "idem_key", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("created_at", "<", input.before);
  if (after) {
    query = query.where((eb) => eb(order(eb), ">", eb.tuple(after.at, after.caller, after.key)));
  }
  const rows = await query
    .orderBy("created_at")
    .orderBy("caller")
    .orderBy("idem_key")
    .limit(input.limit)
    .execute();
  const tail = rows.at(-1);
  if (!tail) return { idempotencyResponses: 0, last: undefined, size: 0 };
  // The batch is a range of that order, so one statement deletes it: rows between the cursor and the tail.
  let del = trx
    .deleteFrom("idempotency_keys")
    .where("tenant_id", "=", tenantId)
    .where("created_at", "<", input.before)
    .where((eb) => eb(order(eb), "<=", eb.tuple(tail.created_at, tail.caller, tail.idem_key)));
  if (after) {
    del = del.where((eb) => eb(order(eb), ">", eb.tuple(after.at, after.caller, after.key)));
  }
  const r = await del.executeTakeFirst();
  return {
    idempotencyResponses: Number(r.numDeletedRows),
    last: { at: tail.created_at, caller: tail.caller, key: tail.idem_key },
    size: rows.length,
  };
}
