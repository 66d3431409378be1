import { AgentRuntime, type TrainFn, type TrainingSource } from "../agent/index.js";
import type { HandoffDelivery } from "../conversations/index.js";
import { inboxDelivery, readLearning } from "../inbox/index.js";
import { readPublishedArticles } from "../knowledge/index.js";
import type { Store } from "../store/index.js";

/** The capabilities that serve others through ports, wired to the rooms that implement the ports. */
export interface Rooms {
  readonly agent: AgentRuntime;
  /** Where conversations hand over to people: the built-in inbox. */
  readonly handoffs: HandoffDelivery;
}

/** What the agent trains from, read by the rooms that own it: knowledge's articles, the inbox's learning. */
export function trainingSource(store: Store): TrainingSource {
  return {
    articles: (tenantId) => readPublishedArticles({ store }, tenantId),
    learning: (tenantId) => readLearning({ store }, tenantId),
  };
}

/**
 * Wire each port a room declares to the room that owns the tables behind it: the agent trains from
 * knowledge and the inbox's learning, conversations hand over through the inbox. `train` trains a
 * tenant's resolver; `now` is the clock's.
 */
export function wireRooms(store: Store, train: TrainFn, now: () => number): Rooms {
  return {
    agent: new AgentRuntime({ store, training: trainingSource(store), train, now }),
    handoffs: inboxDelivery,
  };
}
