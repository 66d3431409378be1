export {
  assertConversationAccess,
  CONVERSATION_TOKEN_PREFIX,
  type ConversationCaller,
  STAFF_CALLER,
} from "./conversation-access.js";
export {
  CustomerConversationDetailView,
  CustomerConversationView,
  CustomerExchangeView,
  CustomerMessageView,
  toCustomerDetail,
  toCustomerExchange,
} from "./customer-views.js";
export {
  type ConversationDeps,
  type EntryRecorder,
  effectiveSettings,
  prepareAgent,
} from "./deps.js";
export { FEEDBACK_TEXT, giveFeedback, requestHuman } from "./give-feedback.js";
export {
  dueTransitions,
  type OutcomeFacts,
  type OutcomeState,
  type OutcomeWindows,
  windowsFrom,
} from "./outcome-rules.js";
export {
  checkContent,
  insertConversation,
  newConversationRows,
  postCustomerMessage,
  type StartConversationInput,
  type StartResult,
  startConversation,
} from "./post-customer-message.js";
export { loadForUpdate, openHandoff, updateConversation } from "./process-customer-message.js";
export { type CsatView, rateConversation } from "./rate-conversation.js";
export { getConversation, type ListConversationsQuery, listConversations } from "./read-conversations.js";
export { recordOutcomeEvent } from "./settle-outcome.js";
export { type SettleReport, settleOutcomes } from "./settle-outcomes.js";
export { type OutcomeSummary, summarizeOutcomes } from "./summarize-outcomes.js";
export * from "./views.js";
