import { VouchError } from "../shared/errors.js";
import type { Db, Store } from "./types.js";

export interface IdempotencyRequest {
  /**
   * Whose namespace the key lives in: the calling API key's id, so that two keys of one tenant using
   * the same `Idempotency-Key` never see each other's stored responses (plus the conversation token's
   * digest for an end customer's call on a conversation: widget keys are shared by every visitor).
   */
  readonly caller: string;
  /** The client's `Idempotency-Key`. */
  readonly key: string;
  /** Hash of method, path and body: the same key with a different request is refused. */
  readonly fingerprint: string;
}

export interface StoredResponse<T> {
  readonly status: number;
  readonly body: T;
  /** True when this is the stored first response to an earlier identical request. */
  readonly replayed: boolean;
}

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(key: string): void {
  if (!KEY_SHAPE.test(key)) {
    throw new VouchError(
      "IDEMPOTENCY_KEY_INVALID",
      "Idempotency-Key must be 1 to 255 printable ASCII characters",
    );
  }
}

/**
 * Run `fn` in one transaction with at-most-once effect per idempotency key and caller: the key row, the
 * work and the stored response commit together. A retry by the same caller finds the row and gets the
 * first response back without running `fn`. Concurrent first attempts with one key serialise on the key's primary key (PostgreSQL
 * blocks the second insert until the first commits; SQLite's write lock does the same).
 */
export async function runIdempotent<T>(
  store: Store,
  tenantId: string,
  idem: IdempotencyRequest | undefined,
  now: number,
  fn: (trx: Db) => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  return store.transaction(async (trx) => {
    if (idem) {
      const inserted = await trx
        .insertInto("idempotency_keys")
        .values({
          tenant_id: tenantId,
          caller: idem.caller,
          idem_key: idem.key,
          fingerprint: idem.fingerprint,
          status_code: null,
          response: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(["tenant_id", "caller", "idem_key"]).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        const row = await trx
          .selectFrom("idempotency_keys")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("caller", "=", idem.caller)
          .where("idem_key", "=", idem.key)
          .executeTakeFirstOrThrow();
        if (row.fingerprint !== idem.fingerprint) {
          throw new VouchError(
            "IDEMPOTENCY_KEY_REUSED",
            "this Idempotency-Key was used for a different request; use a new key",
          );
        }
        return {
          status: row.status_code ?? 200,
          body: JSON.parse(row.response ?? "null") as T,
          replayed: true,
        };
      }
    }
    const result = await fn(trx);
    if (idem) {
      await trx
        .updateTable("idempotency_keys")
        .set({ status_code: result.status, response: JSON.stringify(result.body) })
        .where("tenant_id", "=", tenantId)
        .where("caller", "=", idem.caller)
        .where("idem_key", "=", idem.key)
        .execute();
    }
    return { ...result, replayed: false };
  });
}
