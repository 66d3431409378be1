export {
  type ApproveLearningInput,
  type ApproveLearningResult,
  approveLearning,
  rejectLearning,
} from "./approve-learning.js";
export { countOpenHandoffs, type OpenHandoffCounts } from "./count-open-handoffs.js";
export {
  claimHandoff,
  getHandoff,
  type HandoffReply,
  type InboxActor,
  listHandoffs,
  replyToHandoff,
  resolveHandoff,
} from "./handle-handoff.js";
export {
  type HandoffDetailView,
  HandoffDetailView as HandoffDetailSchema,
  type HandoffView,
  HandoffView as HandoffSchema,
} from "./views.js";
