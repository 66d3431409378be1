export { appendHumanReply, closeConversation } from "./append-human-reply.js";
export { CONVERSATION_TOKEN_PREFIX, type ConversationCaller, STAFF_CALLER } from "./conversation-access.js";
export {
  CustomerConversationDetailView,
  CustomerConversationView,
  CustomerExchangeView,
  CustomerMessageView,
  toCustomerDetail,
  toCustomerExchange,
} from "./customer-views.js";
export { type ConversationDeps, type DecisionRecorder, prepareAgent } from "./deps.js";
export { giveFeedback, requestHuman } from "./give-feedback.js";
export { windowsFrom } from "./outcome-rules.js";
export type { HandoffDelivery, HandoffRequest } from "./ports.js";
export {
  insertConversation,
  postCustomerMessage,
  type StartResult,
  startConversation,
} from "./post-customer-message.js";
export { type AnswerPreview, previewAnswer } from "./preview-answer.js";
export { rateConversation } from "./rate-conversation.js";
export { getConversation, listConversations, readTranscript } from "./read-conversations.js";
export { settleOutcomes } from "./settle-outcomes.js";
export { type OutcomeSummary, summarizeOutcomes } from "./summarize-outcomes.js";
export {
  CitationView,
  ConversationDetailView,
  ConversationView,
  DecisionView,
  ExchangeView,
  HandoffRef,
  iso,
  isoOrNull,
  MessageView,
  OutcomeView,
  SourceView,
} from "./views.js";
