/**
 * Worker-thread entry point of createContractChecker: checks one document per task and answers with plain
 * data (a thread cannot send a VouchError as such).
 */

import { ERROR_CATALOGUE, type ErrorCode, isVouchError } from "../shared/errors.js";
import type { ValidationView } from "./contract-views.js";
import { validateContract } from "./validate-contract.js";

/** The answer to one task: the validation, or the error that stopped it. */
export type ContractCheckReply =
  | { readonly view: ValidationView }
  | { readonly error: { readonly code: ErrorCode; readonly message: string } };

/** Runs validateContract and turns a coded failure (CONTRACT_TOO_COMPLEX) into data. */
export default function checkContractTask(document: string): ContractCheckReply {
  try {
    return { view: validateContract(document) };
  } catch (err) {
    if (isVouchError(err) && err.code in ERROR_CATALOGUE) {
      return { error: { code: err.code, message: err.message } };
    }
    throw err;
  }
}
