import { AgentRuntime, type TrainFn } from "../agent/index.js";
import type { HandoffDelivery } from "../conversations/index.js";
import { inboxDelivery } from "../inbox/index.js";
import type { Store } from "../store/index.js";

/** The capabilities that serve others through ports, wired to the rooms that implement the ports. */
export interface Rooms {
  readonly agent: AgentRuntime;
  /** Where conversations hand over to people: the built-in inbox. */
  readonly handoffs: HandoffDelivery;
}

/**
 * Wire each port a room declares to the room that owns the tables behind it: conversations hand over
 * through the inbox. `train` trains a tenant's resolver; `now` is the clock's.
 */
export function wireRooms(store: Store, train: TrainFn, now: () => number): Rooms {
  return { agent: new AgentRuntime(store, train, now), handoffs: inboxDelivery };
}
