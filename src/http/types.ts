import type { ContractParameters } from "../contract/index.js";
import type { ConversationDeps } from "../conversations/index.js";
import type { Region } from "../governance/index.js";
import type { LedgerDeps } from "../ledger/index.js";

/**
 * What the HTTP API needs, wired by the composition root (app/open-runtime.ts). A leaf module: the server
 * and every route import it, and it imports no module of http/.
 */
export interface ServerDeps extends ConversationDeps, Pick<LedgerDeps, "ledgerKeys"> {
  /** SHA-256 of the deployment root key; undefined disables the operator endpoints. */
  readonly rootKeyHash: string | undefined;
  /** Where this deployment processes data (VOUCH_REGION); undefined when undeclared. */
  readonly region?: Region | undefined;
  /** The deployment's policy on contract terms it cannot honour; runs inside contract activation. */
  readonly acceptContract?: ((params: ContractParameters) => void) | undefined;
}
