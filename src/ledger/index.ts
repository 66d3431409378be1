/**
 * The decision ledger: an append-only RFC 6962 Merkle log per tenant of every AI decision, admin action and
 * billable event, with signed C2SP checkpoints, inclusion and consistency proofs, exports and an offline
 * verifier. The core is pure; storage sits behind TreeNodeStore and LedgerReader, which the database layer
 * implements. read-ledger-files.ts holds the only file I/O (for the CLI). docs/ledger.md is the
 * specification an outside auditor works from.
 */

// Tree hashing and proofs
export { TreeAccumulator } from "./accumulate-tree.js";
export { type AppendPlan, appendLeaves, planAppend } from "./append-leaves.js";
export { buildConsistencyProof } from "./build-consistency-proof.js";
// Entries
export {
  buildAdminEntry,
  buildBillingEntry,
  buildDecisionEntry,
  type CanonicalEntry,
  type EntryInput,
  encodeEntry,
} from "./build-entry.js";
export { buildInclusionProof } from "./build-inclusion-proof.js";
export { canonicalizeJson } from "./canonicalize-json.js";
export { computeConsistencyProof, computeInclusionProof, computeRoot } from "./compute-reference-tree.js";
export { computeTreeRoot } from "./compute-tree-root.js";
export {
  consistencyProofLength,
  inclusionProofLength,
  type LeafRange,
  type NodeKey,
  nodeKeyId,
} from "./decompose-tree.js";
export { type ContentDigest, digestContent } from "./digest-personal-data.js";
export {
  ACTOR_KINDS,
  type ActorKind,
  type AdminData,
  type AdminEntry,
  type BillingData,
  type BillingEntry,
  type DecisionData,
  type DecisionEntry,
  type DecisionSource,
  ENTRY_TYPES,
  ENTRY_VERSION,
  type EntryActor,
  type EntrySubject,
  type EntryType,
  type LedgerEntry,
  type ParsedEntry,
  parseEntry,
  validateEntry,
} from "./entry-schema.js";
// Storage-facing reads, export, proofs, verification
export { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from "./export-format.js";
// Keys, signed notes, checkpoints
export { type Checkpoint, formatCheckpoint, ledgerOrigin, parseCheckpoint } from "./format-checkpoint.js";
export { EMPTY_ROOT_HEX, emptyRoot, HASH_SIZE, hashChildren, hashLeaf, hashLeafText } from "./hash-nodes.js";
export type { LedgerReader, StoredCheckpoint, StoredEntry } from "./ledger-reader.js";
export {
  computeKeyId,
  formatVerifierKey,
  type GeneratedKey,
  generateSigningKey,
  loadSigningKey,
  parseVerifierKey,
  type SigningKey,
  type VerifierKey,
} from "./manage-signing-keys.js";
export { MemoryLedger } from "./memory-ledger.js";
export { MemoryTreeStore } from "./memory-tree-store.js";
export { type OpenedCheckpoint, openCheckpoint } from "./open-checkpoint.js";
export { type NoteFailure, type NoteSignature, type OpenedNote, openNote } from "./open-note.js";
export {
  assemblePlan,
  frontierKeys,
  groupKeysByLevel,
  type ProofPlan,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
} from "./plan-proof.js";
export { PROBLEM_CODES, type Problem, type ProblemCode } from "./problem-codes.js";
export {
  CONSISTENCY_PROOF_FORMAT,
  type ConsistencyProofBundle,
  INCLUSION_PROOF_FORMAT,
  type InclusionProofBundle,
  proveConsistency,
  proveEntry,
} from "./prove-entry.js";
// File I/O for the CLI and the application (paths are always parameters)
export {
  openExportFile,
  readCheckpointFile,
  readSigningKeyFiles,
  readVerifierKeys,
  type SigningKeyFiles,
  sniffLedgerFile,
  writeExportFile,
  writeSigningKeyFiles,
} from "./read-ledger-files.js";
export { createKeyRing, type KeyRing, keyRotationEntry, rotateKeyRing } from "./rotate-signing-key.js";
export { type CheckpointInput, signCheckpoint } from "./sign-checkpoint.js";
export { signNote } from "./sign-note.js";
// Database integration: appends inside the action's transaction, reads, checkpoints, key rotation
export {
  type AppendResult,
  appendLedgerEntries,
  ledgerDigestKey,
} from "./store/append-ledger-entries.js";
export { countLedgerEntries, type LedgerCounts } from "./store/count-ledger-entries.js";
export { type LedgerDeps, type LedgerKeys, requireLedgerKeys } from "./store/ledger-deps.js";
export {
  type CheckpointView,
  type DueCheckpointResult,
  getCheckpoint,
  keyRef,
  publishCheckpoint,
  publishDueCheckpoints,
} from "./store/publish-checkpoint.js";
export {
  type EntryView,
  exportTenantLedger,
  listLedgerEntries,
  listVerifierKeys,
  MAX_ENTRY_PAGE,
  proveLedgerConsistency,
  proveLedgerEntry,
  resolveLedgerTarget,
  type VerifierKeyView,
} from "./store/read-ledger.js";
export {
  type ActorRef,
  type AdminAction,
  ledgerActor,
  recordAdminActions,
} from "./store/record-admin-action.js";
export { type DecisionRecord, decisionEntryOf, recordDecision } from "./store/record-decision.js";
export { type RotationResult, recordKeyRotation } from "./store/rotate-ledger-key.js";
export {
  queueLedgerEntries,
  recordLedgerEntries,
  type SequenceAllResult,
  type SequenceResult,
  sequenceAllLedgers,
  sequenceLedger,
} from "./store/sequence-ledger.js";
export { SqlLedgerReader } from "./store/sql-ledger-reader.js";
export type { TreeNode, TreeNodeReader, TreeNodeStore } from "./tree-node-store.js";
export { verifyConsistencyProof } from "./verify-consistency-proof.js";
export {
  type CheckpointSource,
  type ExportSource,
  problemKind,
  type SourceSummary,
  type VerifyExportOptions,
  type VerifyReport,
  verifyExport,
} from "./verify-export.js";
export { type ProofCheck, rootFromInclusionProof, verifyInclusionProof } from "./verify-inclusion-proof.js";
export { isProofBundle, type ProofBundleReport, verifyProofBundle } from "./verify-proof-bundle.js";
export { type ExportOptions, exportLedger, type LedgerExport } from "./write-export.js";
