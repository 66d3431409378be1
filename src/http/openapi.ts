import type { FastifyContextConfig, FastifyInstance } from "fastify";
import {
  ActivationView,
  ActiveContractView,
  ContractDetailView,
  ContractDiffView,
  ContractHistoryView,
  ContractSummaryView,
  FindingView,
  LintSummaryView,
  ProblemView,
  ValidationView,
} from "../contract/index.js";
import {
  CitationView,
  ConversationDetailView,
  ConversationView,
  CustomerConversationDetailView,
  CustomerConversationView,
  CustomerExchangeView,
  CustomerMessageView,
  DecisionView,
  ExchangeView,
  HandoffRef,
  MessageView,
  OutcomeView,
  SourceView,
} from "../conversations/index.js";
import { GovernanceStatusView } from "../governance/index.js";
import { HandoffDetailSchema, HandoffSchema } from "../inbox/index.js";
import { ArticleInputSchema, ArticlePatchSchema } from "../knowledge/index.js";
import { TenantSettingsPatchSchema, TenantSettingsSchema } from "../tenants/index.js";
import { ErrorBody } from "./errors.js";
import { ArticleView } from "./routes/articles.js";
import { CheckpointView, ConsistencyProof, InclusionProof } from "./routes/ledger.js";
import { CreatedKeyView, KeyView, TenantView } from "./routes/tenants.js";

/**
 * The schemas generated clients see by name (`#/components/schemas/<name>`): every schema that more than
 * one operation uses, and the main resources. Routes keep using the TypeBox objects themselves; only the
 * OpenAPI document refers to them by name, matched by identity, so naming a schema changes no route.
 */
const COMPONENTS: ReadonlyMap<object, string> = new Map<object, string>([
  [ErrorBody, "Error"],
  [TenantView, "Tenant"],
  [TenantSettingsSchema, "TenantSettings"],
  [TenantSettingsPatchSchema, "TenantSettingsPatch"],
  [KeyView, "ApiKey"],
  [CreatedKeyView, "CreatedApiKey"],
  [ArticleView, "Article"],
  [ArticleInputSchema, "ArticleInput"],
  [ArticlePatchSchema, "ArticlePatch"],
  [ConversationView, "Conversation"],
  [ConversationDetailView, "ConversationDetail"],
  [ExchangeView, "Exchange"],
  [MessageView, "Message"],
  [DecisionView, "Decision"],
  [SourceView, "Source"],
  [OutcomeView, "Outcome"],
  [HandoffRef, "HandoffRef"],
  [CitationView, "Citation"],
  [CustomerExchangeView, "CustomerExchange"],
  [CustomerConversationView, "CustomerConversation"],
  [CustomerConversationDetailView, "CustomerConversationDetail"],
  [CustomerMessageView, "CustomerMessage"],
  [HandoffSchema, "Handoff"],
  [HandoffDetailSchema, "HandoffDetail"],
  [CheckpointView, "LedgerCheckpoint"],
  [InclusionProof, "LedgerInclusionProof"],
  [ConsistencyProof, "LedgerConsistencyProof"],
  [GovernanceStatusView, "GovernanceStatus"],
  [ProblemView, "ContractProblem"],
  [FindingView, "LintFinding"],
  [LintSummaryView, "LintSummary"],
  [ActivationView, "ContractActivation"],
  [ContractSummaryView, "ContractSummary"],
  [ContractDetailView, "ContractDetail"],
  [ContractHistoryView, "ContractHistory"],
  [ValidationView, "ContractValidation"],
  [ContractDiffView, "ContractDiff"],
  [ActiveContractView, "ActiveContract"],
]);

/** A copy of `node` with every named schema inside it (but `self`) replaced by a reference to its name. */
function referNamed(node: unknown, self?: object): unknown {
  if (Array.isArray(node)) return node.map((item) => referNamed(item, self));
  if (node === null || typeof node !== "object") return node;
  const name = COMPONENTS.get(node);
  if (name !== undefined && node !== self) return { $ref: `${name}#` };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referNamed(value, self)]));
}

/**
 * The answers the edge may give before a route's own code runs, declared on every operation they apply to,
 * so a generated client knows them: 429 (the rate limits cover every caller), and for tenant keys 403 (an
 * `Origin` the tenant does not allow) and, on routes that hold the tenant's data, 451 (its residency).
 */
function withEdgeErrors(schema: Record<string, unknown>, config: FastifyContextConfig) {
  const response = schema.response as Record<string, unknown> | undefined;
  if (response === undefined) return schema;
  const tenantKeys = Array.isArray(config.access);
  const edge = [429, ...(tenantKeys ? [403] : []), ...(tenantKeys && !config.anyRegion ? [451] : [])];
  const added = Object.fromEntries(
    edge.filter((status) => !(status in response)).map((status) => [status, { $ref: "Error#" }]),
  );
  return { ...schema, response: { ...response, ...added } };
}

/**
 * Registers the named schemas as Fastify shared schemas, so @fastify/swagger emits them as components,
 * and returns the swagger options that make route schemas refer to them and name them after their `$id`.
 */
export function namedSchemas(app: FastifyInstance) {
  for (const [schema, name] of COMPONENTS) {
    app.addSchema({ ...(referNamed(schema, schema) as object), $id: name });
  }
  return {
    transform: ({
      schema,
      url,
      route,
    }: {
      schema: unknown;
      url: string;
      route: { config?: FastifyContextConfig };
    }) => ({
      schema: withEdgeErrors(referNamed(schema) as Record<string, unknown>, route.config ?? {}),
      url,
    }),
    refResolver: {
      buildLocalReference: (json: { $id?: unknown }, _base: unknown, _fragment: unknown, i: number) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  };
}
