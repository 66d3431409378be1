import type { Kysely } from "kysely";

/**
 * The first schema: tenants and keys, knowledge, conversations, decisions, handoffs, learning, outcomes,
 * CSAT, idempotency and agent versions. Written with Kysely's schema builder in the types both SQLite
 * and PostgreSQL accept, so one migration serves both stores.
 */

// Migrations see the database as it is at their point in history, not as schema.ts describes it today,
// so they take an untyped Kysely (the documented Kysely convention).
type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("tenants")
    .addColumn("tenant_id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("knowledge_rev", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("key_prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("revoked_at", "bigint")
    .addPrimaryKeyConstraint("api_keys_pk", ["tenant_id", "key_id"])
    .addUniqueConstraint("api_keys_hash_uq", ["tenant_id", "key_hash"])
    .addForeignKeyConstraint("api_keys_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("articles")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("article_id", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("questions", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("articles_pk", ["tenant_id", "article_id"])
    .addUniqueConstraint("articles_slug_uq", ["tenant_id", "slug"])
    .addForeignKeyConstraint("articles_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("article_versions")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("article_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("questions", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("article_versions_pk", ["tenant_id", "article_id", "version"])
    .addForeignKeyConstraint("article_versions_article_fk", ["tenant_id", "article_id"], "articles", [
      "tenant_id",
      "article_id",
    ])
    .execute();

  await db.schema
    .createTable("conversations")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("customer_ref", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("next_seq", "integer", (c) => c.notNull())
    .addColumn("failure_streak", "integer", (c) => c.notNull())
    .addColumn("human_involved", "integer", (c) => c.notNull())
    .addColumn("agent_version", "text")
    .addColumn("last_role", "text")
    .addColumn("last_intent", "text")
    .addColumn("last_ai_action", "text")
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_message_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("conversations_pk", ["tenant_id", "conversation_id"])
    .addForeignKeyConstraint("conversations_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();
  await db.schema
    .createIndex("conversations_recent_ix")
    .on("conversations")
    .columns(["tenant_id", "last_message_at"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("intent", "text")
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("author_id", "text")
    .addColumn("decision_id", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("messages_pk", ["tenant_id", "message_id"])
    .addUniqueConstraint("messages_seq_uq", ["tenant_id", "conversation_id", "seq"])
    .addForeignKeyConstraint("messages_conversation_fk", ["tenant_id", "conversation_id"], "conversations", [
      "tenant_id",
      "conversation_id",
    ])
    .execute();

  await db.schema
    .createTable("decisions")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("decision_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("reply_message_id", "text")
    .addColumn("agent_version", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("confidence", "double precision", (c) => c.notNull())
    .addColumn("answer_label", "text")
    .addColumn("sources", "text", (c) => c.notNull())
    .addColumn("latency_us", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("decisions_pk", ["tenant_id", "decision_id"])
    .addForeignKeyConstraint("decisions_conversation_fk", ["tenant_id", "conversation_id"], "conversations", [
      "tenant_id",
      "conversation_id",
    ])
    .addForeignKeyConstraint("decisions_message_fk", ["tenant_id", "message_id"], "messages", [
      "tenant_id",
      "message_id",
    ])
    .execute();
  await db.schema
    .createIndex("decisions_conversation_ix")
    .on("decisions")
    .columns(["tenant_id", "conversation_id", "created_at"])
    .execute();

  await db.schema
    .createTable("handoffs")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("handoff_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("decision_id", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("packet", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("delivered_at", "bigint")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_at", "bigint")
    .addColumn("first_action_at", "bigint")
    .addColumn("resolved_at", "bigint")
    .addColumn("resolution", "text")
    .addColumn("resolution_article_id", "text")
    .addColumn("learning", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("handoffs_pk", ["tenant_id", "handoff_id"])
    .addForeignKeyConstraint("handoffs_conversation_fk", ["tenant_id", "conversation_id"], "conversations", [
      "tenant_id",
      "conversation_id",
    ])
    .execute();
  await db.schema
    .createIndex("handoffs_status_ix")
    .on("handoffs")
    .columns(["tenant_id", "status", "created_at"])
    .execute();

  await db.schema
    .createTable("learned_answers")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("answer_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("handoff_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("learned_answers_pk", ["tenant_id", "answer_id"])
    .addForeignKeyConstraint("learned_answers_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("training_examples")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("example_id", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("handoff_id", "text")
    .addColumn("approved_by", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("training_examples_pk", ["tenant_id", "example_id"])
    .addForeignKeyConstraint("training_examples_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("outcomes")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("resolution", "text")
    .addColumn("eligible", "integer", (c) => c.notNull())
    .addColumn("resolved_at", "bigint")
    .addColumn("durable_at", "bigint")
    .addColumn("reopen_count", "integer", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("outcomes_pk", ["tenant_id", "conversation_id"])
    .addForeignKeyConstraint("outcomes_conversation_fk", ["tenant_id", "conversation_id"], "conversations", [
      "tenant_id",
      "conversation_id",
    ])
    .execute();
  await db.schema.createIndex("outcomes_state_ix").on("outcomes").columns(["tenant_id", "state"]).execute();

  await db.schema
    .createTable("outcome_events")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("outcome_events_pk", ["tenant_id", "event_id"])
    .addForeignKeyConstraint(
      "outcome_events_conversation_fk",
      ["tenant_id", "conversation_id"],
      "conversations",
      ["tenant_id", "conversation_id"],
    )
    .execute();
  await db.schema
    .createIndex("outcome_events_conversation_ix")
    .on("outcome_events")
    .columns(["tenant_id", "conversation_id", "at"])
    .execute();

  await db.schema
    .createTable("csat_ratings")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("rating", "integer", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("handled_by", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("csat_ratings_pk", ["tenant_id", "conversation_id"])
    .addForeignKeyConstraint(
      "csat_ratings_conversation_fk",
      ["tenant_id", "conversation_id"],
      "conversations",
      ["tenant_id", "conversation_id"],
    )
    .execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("idem_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("response", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["tenant_id", "idem_key"])
    .addForeignKeyConstraint("idempotency_keys_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();

  await db.schema
    .createTable("agent_versions")
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("version_id", "text", (c) => c.notNull())
    .addColumn("resolver_digest", "text", (c) => c.notNull())
    .addColumn("settings_digest", "text", (c) => c.notNull())
    .addColumn("knowledge_rev", "integer", (c) => c.notNull())
    .addColumn("label_count", "integer", (c) => c.notNull())
    .addColumn("example_count", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("agent_versions_pk", ["tenant_id", "version_id"])
    .addForeignKeyConstraint("agent_versions_tenant_fk", ["tenant_id"], "tenants", ["tenant_id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    "agent_versions",
    "idempotency_keys",
    "csat_ratings",
    "outcome_events",
    "outcomes",
    "training_examples",
    "learned_answers",
    "handoffs",
    "decisions",
    "messages",
    "conversations",
    "article_versions",
    "articles",
    "api_keys",
    "tenants",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
