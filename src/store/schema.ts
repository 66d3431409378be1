/**
 * Row types of every table, as Kysely sees them. Conventions shared by both stores:
 * - every table has `tenant_id`, and every primary and foreign key starts with it (Citus-ready);
 * - times are integer milliseconds since the epoch (`*_at`), JSON is text, booleans are 0/1 integers,
 *   so SQLite and PostgreSQL read and write the same values through the same queries.
 */

export interface TenantsTable {
  tenant_id: string;
  slug: string;
  name: string;
  settings: string;
  knowledge_rev: number;
  created_at: number;
}

export interface ApiKeysTable {
  tenant_id: string;
  key_id: string;
  name: string;
  scope: "admin" | "agent" | "widget" | "auditor";
  key_hash: string;
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ArticlesTable {
  tenant_id: string;
  article_id: string;
  slug: string;
  title: string;
  body: string;
  tags: string;
  questions: string;
  version: number;
  status: "published" | "archived";
  created_at: number;
  updated_at: number;
}

export interface ArticleVersionsTable {
  tenant_id: string;
  article_id: string;
  version: number;
  slug: string;
  title: string;
  body: string;
  tags: string;
  questions: string;
  status: "published" | "archived";
  actor: string;
  created_at: number;
}

export interface ConversationsTable {
  tenant_id: string;
  conversation_id: string;
  channel: string;
  customer_ref: string | null;
  status: "open" | "escalated" | "closed";
  next_seq: number;
  failure_streak: number;
  human_involved: number;
  agent_version: string | null;
  /** Role of the last message, the last customer intent and the last AI action: what outcomes read. */
  last_role: "customer" | "ai" | "human" | "system" | null;
  last_intent: string | null;
  /** `answer` is a knowledge answer; `reply` a conversational turn (greeting, thanks, rephrase). */
  last_ai_action: "answer" | "reply" | "escalate" | null;
  metadata: string;
  created_at: number;
  last_message_at: number;
  /** SHA-256 (hex) of the conversation token an end customer presents; null before migration 0008. */
  token_hash: string | null;
}

export interface MessagesTable {
  tenant_id: string;
  message_id: string;
  conversation_id: string;
  seq: number;
  role: "customer" | "ai" | "human" | "system";
  intent: string | null;
  content: string;
  author_id: string | null;
  decision_id: string | null;
  created_at: number;
}

export interface DecisionsTable {
  tenant_id: string;
  decision_id: string;
  conversation_id: string;
  message_id: string;
  reply_message_id: string | null;
  agent_version: string;
  action: "answer" | "escalate";
  reason: string;
  detail: string | null;
  confidence: number;
  answer_label: string | null;
  sources: string;
  latency_us: number;
  created_at: number;
}

export interface HandoffsTable {
  tenant_id: string;
  handoff_id: string;
  conversation_id: string;
  decision_id: string | null;
  reason: string;
  status: "open" | "claimed" | "resolved";
  summary: string;
  packet: string;
  target: string;
  created_at: number;
  delivered_at: number | null;
  claimed_by: string | null;
  claimed_at: number | null;
  first_action_at: number | null;
  resolved_at: number | null;
  resolution: string | null;
  resolution_article_id: string | null;
  learning: "none" | "approved" | "rejected";
}

export interface LearnedAnswersTable {
  tenant_id: string;
  answer_id: string;
  title: string;
  body: string;
  handoff_id: string | null;
  status: "active" | "retired";
  created_at: number;
}

export interface TrainingExamplesTable {
  tenant_id: string;
  example_id: string;
  text: string;
  label: string;
  source: "handoff" | "manual";
  handoff_id: string | null;
  approved_by: string;
  status: "active" | "retired";
  created_at: number;
}

export interface OutcomesTable {
  tenant_id: string;
  conversation_id: string;
  state: "pending" | "resolved" | "escalated" | "abandoned" | "ineligible";
  resolution: "confirmed" | "assumed" | null;
  eligible: number;
  resolved_at: number | null;
  durable_at: number | null;
  reopen_count: number;
  updated_at: number;
  /**
   * The inactivity and durability windows in force when the conversation started, which it is judged by
   * (migration 0009); null only for a row written by an older process, judged by the windows in force.
   */
  inactivity_ms: number | null;
  durability_ms: number | null;
}

export interface OutcomeEventsTable {
  tenant_id: string;
  event_id: string;
  conversation_id: string;
  kind: "resolved" | "durable" | "reopened" | "escalated" | "abandoned" | "ineligible";
  detail: string | null;
  at: number;
}

export interface CsatRatingsTable {
  tenant_id: string;
  conversation_id: string;
  rating: number;
  comment: string | null;
  handled_by: "ai" | "human";
  created_at: number;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  /** Whose namespace the key is in: the API key id (and an end customer's conversation token digest). */
  caller: string;
  idem_key: string;
  fingerprint: string;
  status_code: number | null;
  response: string | null;
  created_at: number;
}

export interface AgentVersionsTable {
  tenant_id: string;
  version_id: string;
  resolver_digest: string;
  settings_digest: string;
  knowledge_rev: number;
  label_count: number;
  example_count: number;
  created_at: number;
}

export interface LedgerHeadsTable {
  tenant_id: string;
  tree_size: number;
  /** Hashes of the frontier subtrees (32 bytes each, largest first), so an append reads no node rows. */
  frontier: Uint8Array;
  /** HMAC key for digests of personal data in this tenant's ledger entries. */
  digest_key: Uint8Array;
  updated_at: number;
}

export interface LedgerEntriesTable {
  tenant_id: string;
  seq: number;
  type: string;
  /** The entry's canonical JSON, exactly the bytes hashed into the leaf. */
  entry: string;
  leaf_hash: Uint8Array;
  created_at: number;
}

/** A completed perfect subtree above the leaves (level ≥ 1), keyed by the seq of its last leaf. */
export interface LedgerNodesTable {
  tenant_id: string;
  /** (idx + 1) · 2^level − 1: every subtree an append completes ends at one of its leaves. */
  last_seq: number;
  level: number;
  hash: Uint8Array;
}

export interface LedgerCheckpointsTable {
  tenant_id: string;
  tree_size: number;
  root: Uint8Array;
  origin: string;
  /** Names and key ids of the signers, space-separated (`name+id`). */
  key_names: string;
  /** The full signed note. */
  note: string;
  created_at: number;
}

export interface LedgerPendingTable {
  tenant_id: string;
  queued_at: number;
  pending_id: string;
  /** The entry as JSON, waiting for the sequencer. */
  entry: string;
}

/** Which entries name an id (`conv_…`, `msg_…`): one row per distinct id of an entry, written with it. */
export interface LedgerSubjectsTable {
  tenant_id: string;
  subject_id: string;
  seq: number;
}

export interface ContractHeadsTable {
  tenant_id: string;
  /** Version number of the latest uploaded contract. */
  last_version: number;
  /** Number of activations: the latest activation's `seq`, and what the runtime cache compares. */
  revision: number;
  updated_at: number;
}

export interface ContractsTable {
  tenant_id: string;
  contract_id: string;
  version: number;
  /** `metadata.name` and `metadata.revision` of the document. */
  name: string;
  revision_label: string | null;
  /** The document exactly as uploaded. */
  document: string;
  sha256: string;
  /** Lint findings per severity when uploaded. */
  lint_errors: number;
  lint_warnings: number;
  lint_infos: number;
  uploaded_by: string;
  uploaded_at: number;
}

export interface ContractActivationsTable {
  tenant_id: string;
  seq: number;
  contract_id: string;
  effective_from: number;
  activated_by: string;
  activated_at: number;
}

/** How far the retention job has applied the contract's retention periods (src/governance). */
export interface RetentionStateTable {
  tenant_id: string;
  conversations_through: number | null;
  personal_through: number | null;
  /** JSON counts of changes not yet recorded in the ledger, and since when. */
  pending: string | null;
  pending_since: number | null;
  last_run_at: number | null;
  last_result: string | null;
  updated_at: number;
}

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  articles: ArticlesTable;
  article_versions: ArticleVersionsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  decisions: DecisionsTable;
  handoffs: HandoffsTable;
  learned_answers: LearnedAnswersTable;
  training_examples: TrainingExamplesTable;
  outcomes: OutcomesTable;
  outcome_events: OutcomeEventsTable;
  csat_ratings: CsatRatingsTable;
  idempotency_keys: IdempotencyKeysTable;
  agent_versions: AgentVersionsTable;
  ledger_heads: LedgerHeadsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_subjects: LedgerSubjectsTable;
  ledger_pending: LedgerPendingTable;
  contract_heads: ContractHeadsTable;
  contracts: ContractsTable;
  contract_activations: ContractActivationsTable;
  retention_state: RetentionStateTable;
}
