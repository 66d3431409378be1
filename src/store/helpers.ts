import { sql } from "kysely";
import type { Db, Dialect } from "./types.js";

/**
 * Serialise writers of one conversation. PostgreSQL takes a row lock (FOR UPDATE) for the rest of the
 * transaction; SQLite needs nothing because BEGIN IMMEDIATE already holds the database's write lock.
 * Returns false when the row does not exist.
 */
export async function lockConversation(
  trx: Db,
  dialect: Dialect,
  tenantId: string,
  conversationId: string,
): Promise<boolean> {
  if (dialect === "sqlite") return true;
  const r = await sql<{ one: number }>`select 1 as one from conversations
    where tenant_id = ${tenantId} and conversation_id = ${conversationId} for update`.execute(trx);
  return r.rows.length > 0;
}

/** JSON columns are text in both stores. */
export const toJson = (value: unknown): string => JSON.stringify(value);

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  return JSON.parse(text) as T;
}
