export { approveLearning, rejectLearning } from "./approve-learning.js";
export { countOpenHandoffs } from "./count-open-handoffs.js";
export {
  claimHandoff,
  getHandoff,
  type HandoffAction,
  type InboxActor,
  listHandoffs,
  replyToHandoff,
  resolveHandoff,
} from "./handle-handoff.js";
export { inboxDelivery } from "./open-handoff.js";
export { readLearning } from "./read-learning.js";
export { HandoffDetailView as HandoffDetailSchema, HandoffView as HandoffSchema } from "./views.js";
