export { type AgentModel, AgentRuntime, type TrainFn } from "./agent-runtime.js";
export { buildHandoffPacket, type HandoffField, type HandoffPacket } from "./build-handoff-packet.js";
export { buildTrainingSet } from "./build-training-set.js";
export { composeAnswer, composeReply } from "./compose-reply.js";
export { decideTurn, type ReasonCode, type TurnDecision } from "./decide-turn.js";
export { detectSignals, type MessageSignals } from "./detect-signals.js";
export { MAX_MESSAGE_CHARS, normaliseMessage } from "./normalise-message.js";
export type { ArticleKnowledge, Learning, TrainingSource } from "./ports.js";
