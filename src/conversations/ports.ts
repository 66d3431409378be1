import type { HandoffPacket } from "../agent/index.js";
import type { TenantReader, UnitOfWork } from "../store/index.js";
import type { HandoffRef } from "./views.js";

/** A conversation for people to take over: which, why, and the packet they read. */
export interface HandoffRequest {
  readonly conversationId: string;
  /** The agent's decision that handed over. */
  readonly decisionId: string;
  /** The decision's reason code. */
  readonly reason: string;
  readonly packet: HandoffPacket;
}

/**
 * Where conversations hand over to people, and what they read back about it. Declared here, implemented by
 * the room that owns handoffs (the built-in inbox; later helpdesk connectors, with the inbox as their
 * fallback) and wired at the composition root.
 */
export interface HandoffDelivery {
  /** Open and deliver a handoff, in the unit's transaction. */
  deliver(uow: UnitOfWork, request: HandoffRequest): Promise<HandoffRef>;
  /** The conversation's latest handoff, if it has any. */
  latest(reader: TenantReader, conversationId: string): Promise<HandoffRef | null>;
  /** How many of the tenant's handoffs people have still to finish (open or claimed). */
  countActive(reader: TenantReader): Promise<number>;
}
