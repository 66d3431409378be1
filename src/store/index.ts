export { lockConversation, parseJson, toJson } from "./helpers.js";
export { migrateToLatest } from "./migrate.js";
export type { Db, Dialect, Store, StoreLog, StoreOptions } from "./open-store.js";
export { DEFAULT_SQLITE_WAL_LIMIT_BYTES, openStore } from "./open-store.js";
export type * from "./schema.js";

import type { Clock } from "../shared/clock.js";
import type { Store } from "./open-store.js";
/** What most use cases need: the store and a clock. */
export interface StoreDeps {
  readonly store: Store;
  readonly clock: Clock;
}
export { type BatchHook, deferToBatchEnd } from "./group-commit.js";
export {
  checkIdempotencyKey,
  type IdempotencyRequest,
  runIdempotent,
  type StoredResponse,
} from "./idempotency.js";
export {
  fixedStatement,
  insertRows,
  insertRowsTogether,
  prepareQuery,
  type RowGroup,
} from "./prepared-query.js";
export type { TenantReader, UnitOfWork } from "./unit-of-work.js";
