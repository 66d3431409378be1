import { assertContractHonoured } from "../governance/index.js";
import type { ServerDeps } from "../http/types.js";
import { recordDecision } from "../ledger/index.js";

/** The ports capabilities declare, which the composition root wires to their implementations. */
export type Ports = Pick<ServerDeps, "acceptContract" | "recordDecision">;

/**
 * Every use case's dependencies: `parts` with each port wired to the capability that implements it — the
 * message path's decision recorder to the ledger, the contract policy to governance. `replace` swaps an
 * implementation; nothing in the product does, the ledger benchmark does to measure a message with and
 * without its ledger entry.
 */
export function wireDeps(parts: Omit<ServerDeps, keyof Ports>, replace: Partial<Ports> = {}): ServerDeps {
  return {
    ...parts,
    recordDecision,
    // A contract this deployment cannot honour is never activated (docs/contract.md, Runtime binding).
    acceptContract: (params) => assertContractHonoured(params, parts.region),
    ...replace,
  };
}
