/**
 * The decision ledger: an append-only RFC 6962 Merkle log per tenant of every AI decision, admin action and
 * billable event, with signed C2SP checkpoints, inclusion and consistency proofs, exports and an offline
 * verifier. The core is pure; storage sits behind TreeNodeStore and LedgerReader, which the database layer
 * implements. read-ledger-files.ts holds the only file I/O (for the CLI). docs/ledger.md is the
 * specification an outside auditor works from.
 */

// Storage-facing reads, export, proofs, verification
export { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from "./audit/export-format.js";
export type { LedgerReader, StoredCheckpoint, StoredEntry } from "./audit/ledger-reader.js";
export { MemoryLedger } from "./audit/memory-ledger.js";
export { PROBLEM_CODES, type Problem, type ProblemCode } from "./audit/problem-codes.js";
export {
  CONSISTENCY_PROOF_FORMAT,
  type ConsistencyProofBundle,
  INCLUSION_PROOF_FORMAT,
  type InclusionProofBundle,
  proveConsistency,
  proveEntry,
} from "./audit/prove-entry.js";
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
} from "./audit/read-ledger-files.js";
export {
  type CheckpointSource,
  type ExportSource,
  problemKind,
  type SourceSummary,
  type VerifyExportOptions,
  type VerifyReport,
  verifyExport,
} from "./audit/verify-export.js";
export { isProofBundle, type ProofBundleReport, verifyProofBundle } from "./audit/verify-proof-bundle.js";
export { type ExportOptions, exportLedger, type LedgerExport } from "./audit/write-export.js";
// Keys, signed notes, checkpoints
export {
  type Checkpoint,
  formatCheckpoint,
  ledgerOrigin,
  parseCheckpoint,
} from "./checkpoints/format-checkpoint.js";
export {
  computeKeyId,
  formatVerifierKey,
  type GeneratedKey,
  generateSigningKey,
  loadSigningKey,
  parseVerifierKey,
  type SigningKey,
  type VerifierKey,
} from "./checkpoints/manage-signing-keys.js";
export { type OpenedCheckpoint, openCheckpoint } from "./checkpoints/open-checkpoint.js";
export { type NoteFailure, type NoteSignature, type OpenedNote, openNote } from "./checkpoints/open-note.js";
export {
  createKeyRing,
  type KeyRing,
  keyRotationEntry,
  rotateKeyRing,
} from "./checkpoints/rotate-signing-key.js";
export { type CheckpointInput, signCheckpoint } from "./checkpoints/sign-checkpoint.js";
export { signNote } from "./checkpoints/sign-note.js";
// Entries
export {
  buildAdminEntry,
  buildBillingEntry,
  buildDecisionEntry,
  type EntryInput,
  encodeEntry,
} from "./entries/build-entry.js";
export type { CanonicalEntry } from "./entries/canonical-entry.js";
export { canonicalizeJson } from "./entries/canonicalize-json.js";
export { type ContentDigest, digestContent } from "./entries/digest-personal-data.js";
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
} from "./entries/entry-schema.js";
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
// Tree hashing and proofs
export { TreeAccumulator } from "./tree/accumulate-tree.js";
export { type AppendPlan, appendLeaves, planAppend } from "./tree/append-leaves.js";
export { buildConsistencyProof } from "./tree/build-consistency-proof.js";
export { buildInclusionProof } from "./tree/build-inclusion-proof.js";
export {
  computeConsistencyProof,
  computeInclusionProof,
  computeRoot,
} from "./tree/compute-reference-tree.js";
export { computeTreeRoot } from "./tree/compute-tree-root.js";
export {
  consistencyProofLength,
  inclusionProofLength,
  type LeafRange,
  type NodeKey,
  nodeKeyId,
} from "./tree/decompose-tree.js";
export {
  EMPTY_ROOT_HEX,
  emptyRoot,
  HASH_SIZE,
  hashChildren,
  hashLeaf,
  hashLeafText,
} from "./tree/hash-nodes.js";
export { MemoryTreeStore } from "./tree/memory-tree-store.js";
export {
  assemblePlan,
  frontierKeys,
  groupKeysByLevel,
  type ProofPlan,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
} from "./tree/plan-proof.js";
export type { TreeNode, TreeNodeReader, TreeNodeStore } from "./tree/tree-node-store.js";
export { verifyConsistencyProof } from "./tree/verify-consistency-proof.js";
export {
  type ProofCheck,
  rootFromInclusionProof,
  verifyInclusionProof,
} from "./tree/verify-inclusion-proof.js";
