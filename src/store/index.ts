export { dialectOf, forUpdate, lockRows } from "./dialect.js";
export { parseJson, toJson } from "./helpers.js";
export {
  checkIdempotencyKey,
  type IdempotencyRequest,
  runIdempotent,
  type StoredResponse,
} from "./idempotency.js";
export { migrateToLatest } from "./migrate.js";
export type { StoreLog, StoreOptions } from "./open-store.js";
export { DEFAULT_SQLITE_WAL_LIMIT_BYTES, openStore } from "./open-store.js";
export {
  defineQuery,
  fixedStatement,
  insertRows,
  insertRowsTogether,
  type RowGroup,
} from "./prepared-query.js";
export type * from "./schema.js";
export type { Db, Dialect, Store, StoreDeps } from "./types.js";
export type { TenantReader, UnitOfWork } from "./unit-of-work.js";
