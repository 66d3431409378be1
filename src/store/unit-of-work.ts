import type { Db } from "./types.js";

/**
 * One transaction's work for one tenant at one instant: what a use case hands the functions it calls, in
 * place of a transaction, a tenant id and a time each (the transaction knows its dialect). The tenant is named here once; the
 * functions take it from here and never from an argument beside it.
 */
export interface UnitOfWork {
  /** The transaction the work runs in. */
  readonly tx: Db;
  readonly tenantId: string;
  /** The instant of the work (the caller's clock, read once): every row it writes carries this time. */
  readonly now: number;
}

/** What a read needs of a unit of work: a handle (a transaction, or the store's own) and the tenant. */
export type TenantReader = Pick<UnitOfWork, "tx" | "tenantId">;
