export { type AgentModel, AgentRuntime, type TrainFn } from "./agent-runtime.js";
export {
  buildHandoffPacket,
  type HandoffField,
  type HandoffPacket,
  REASON_TEXT,
  type TranscriptLine,
} from "./build-handoff-packet.js";
export { buildTrainingSet } from "./build-training-set.js";
export { type AnswerSource, composeAnswer, composeReply, excerpt } from "./compose-reply.js";
export { decideTurn, type ReasonCode, type TurnAction, type TurnDecision } from "./decide-turn.js";
export { detectSignals, type MessageIntent, type MessageSignals, sentimentScore } from "./detect-signals.js";
export { MAX_MESSAGE_CHARS, normaliseMessage } from "./normalise-message.js";
export type { Candidate, Resolution, ResolverModel, TrainingExample } from "./resolver/types.js";
