/**
 * The decision ledger's door: an append-only RFC 6962 Merkle log per tenant of every AI decision, admin
 * action and billable event, with signed C2SP checkpoints, inclusion and consistency proofs, exports and an
 * offline verifier. It exports exactly what other folders use; inside, the rooms import only rooms below
 * them: tree/ < entries/ < checkpoints/ < audit/ < store/ (README.md). docs/ledger.md is the specification
 * an outside auditor works from.
 */

// Export, proofs as files and the offline verifier (the CLI)
export type { LedgerReader, StoredCheckpoint, StoredEntry } from "./audit/ledger-reader.js";
export type { Problem } from "./audit/problem-codes.js";
export { type InclusionProofBundle, proveEntry } from "./audit/prove-entry.js";
export {
  openExportFile,
  readCheckpointFile,
  readVerifierKeys,
  sniffLedgerFile,
  writeExportFile,
} from "./audit/read-ledger-files.js";
export {
  type CheckpointSource,
  problemKind,
  type VerifyReport,
  verifyExport,
} from "./audit/verify-export.js";
export { type ProofBundleReport, verifyProofBundle } from "./audit/verify-proof-bundle.js";
export { exportLedger } from "./audit/write-export.js";
// Signing keys and checkpoints (the application's key files)
export {
  formatVerifierKey,
  generateSigningKey,
  loadSigningKey,
  parseVerifierKey,
  type SigningKey,
  type VerifierKey,
} from "./checkpoints/manage-signing-keys.js";
export { createKeyRing, type KeyRing } from "./checkpoints/rotate-signing-key.js";
export { signCheckpoint } from "./checkpoints/sign-checkpoint.js";
// Entries and keyed digests
export { buildDecisionEntry, type EntryInput } from "./entries/build-entry.js";
export { digestContent } from "./entries/digest-personal-data.js";
export type { DecisionData, EntryActor } from "./entries/entry-schema.js";
// Recording inside the action's transaction, the sequencer, checkpoints, key rotation and reads (the API and CLI)
export { appendLedgerEntries, ledgerDigestKey } from "./store/append-ledger-entries.js";
export { countLedgerEntries } from "./store/count-ledger-entries.js";
export type { LedgerDeps, LedgerKeys } from "./store/ledger-deps.js";
export { getCheckpoint, publishCheckpoint, publishDueCheckpoints } from "./store/publish-checkpoint.js";
export {
  exportTenantLedger,
  listLedgerEntries,
  listVerifierKeys,
  MAX_ENTRY_PAGE,
  proveLedgerConsistency,
  proveLedgerEntry,
  resolveLedgerTarget,
} from "./store/read-ledger.js";
export {
  type ActorRef,
  type AdminAction,
  ledgerActor,
  recordAdminActions,
} from "./store/record-admin-action.js";
export { type DecisionRecord, decisionEntryOf, recordDecision } from "./store/record-decision.js";
export { type RotationResult, recordKeyRotation } from "./store/rotate-ledger-key.js";
export { queueLedgerEntries, sequenceAllLedgers, sequenceLedger } from "./store/sequence-ledger.js";
// The tree itself, for the benchmark
export { planAppend } from "./tree/append-leaves.js";
export { buildConsistencyProof } from "./tree/build-consistency-proof.js";
export { buildInclusionProof } from "./tree/build-inclusion-proof.js";
export { computeTreeRoot } from "./tree/compute-tree-root.js";
export type { NodeKey } from "./tree/decompose-tree.js";
export { hashLeafText } from "./tree/hash-nodes.js";
export { MemoryTreeStore } from "./tree/memory-tree-store.js";
export { planInclusionProof } from "./tree/plan-proof.js";
export { verifyConsistencyProof } from "./tree/verify-consistency-proof.js";
export { verifyInclusionProof } from "./tree/verify-inclusion-proof.js";
