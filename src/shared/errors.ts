/**
 * The error catalogue: every error Vouch reports to a client or a CLI user carries one of these stable
 * codes. The code is the contract; the message may change. Each code maps once, here, to an HTTP status
 * and a CLI exit code, and docs/errors.md documents every code (a test fails when one is missing).
 *
 * This is a leaf module: it imports nothing of the application.
 */

export interface ErrorSpec {
  /** HTTP status the edge answers with. */
  readonly status: number;
  /** Process exit code for the CLI. */
  readonly exit: number;
  /** One sentence for docs/errors.md: what happened and what to do about it. */
  readonly description: string;
}

export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: {
    status: 400,
    exit: 2,
    description:
      "The request body, query, parameters or headers do not match the schema (wrong type, unknown field, missing field, value out of range) or hold text no field may hold (U+0000, an unpaired surrogate). `details` lists each problem with its path.",
  },
  MALFORMED_JSON: {
    status: 400,
    exit: 2,
    description: "The body is not valid JSON. Send a JSON document with `Content-Type: application/json`.",
  },
  INVALID_UTF8: {
    status: 400,
    exit: 2,
    description: "The body contains bytes that are not valid UTF-8. Text must be UTF-8 encoded.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    exit: 2,
    description: "The `Content-Type` is not one the endpoint accepts (usually `application/json`).",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    exit: 2,
    description:
      "The body is larger than the server accepts (`VOUCH_BODY_LIMIT`, 1 MiB by default; 256 KiB for contract documents).",
  },
  MALFORMED_REQUEST: {
    status: 400,
    exit: 2,
    description:
      "The HTTP request cannot be read: a malformed request line or header, or a URL whose percent-encoding is not valid UTF-8.",
  },
  URI_TOO_LONG: {
    status: 414,
    exit: 2,
    description: "A path segment (an id) is longer than any id can be (100 characters).",
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    exit: 2,
    description: "The request line and headers together exceed the server's limit (16 KiB).",
  },
  REQUEST_TIMEOUT: {
    status: 408,
    exit: 2,
    description: "The client did not send the whole request in time; the connection is closed.",
  },
  SHUTTING_DOWN: {
    status: 503,
    exit: 1,
    description:
      "This process is stopping and takes no new requests; retry, and the load balancer sends the request to another process.",
  },
  UNAUTHENTICATED: {
    status: 401,
    exit: 3,
    description:
      "No API key, an unknown key or a revoked key. Send `Authorization: Bearer <key>` with a live key.",
  },
  FORBIDDEN: {
    status: 403,
    exit: 3,
    description:
      "The API key is valid but its scope (`admin`, `agent`, `widget`, `auditor`) does not allow this action.",
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    exit: 3,
    description:
      "The request's `Origin` (a web page on another site) is not in the tenant's `allowedOrigins` setting. An admin adds the page's exact origin (`https://shop.example.com`) with `PATCH /v1/tenant/settings`.",
  },
  RATE_LIMITED: {
    status: 429,
    exit: 75,
    description:
      "Too many requests, or too many failed authentications from this address, in the current window. Wait the `Retry-After` seconds and retry; `details.limit` names the limit (`auth_failures`, `key`, `widget`, `anonymous`).",
  },
  NOT_FOUND: {
    status: 404,
    exit: 4,
    description:
      "No such resource in this tenant. Ids of another tenant are reported as not found, never disclosed.",
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    exit: 4,
    description: "No endpoint answers this method and path. See /docs for the API reference.",
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    exit: 2,
    description: "The endpoint exists but not for this HTTP method.",
  },
  CONFLICT: {
    status: 409,
    exit: 5,
    description:
      "The request conflicts with the current state (a duplicate slug, an already claimed handoff).",
  },
  CONVERSATION_CLOSED: {
    status: 409,
    exit: 5,
    description:
      "The conversation's resolution is durable (the durability window has passed); start a new conversation.",
  },
  INVALID_STATE: {
    status: 409,
    exit: 5,
    description:
      "The action is not allowed in the resource's current state (resolving a handoff nobody claimed, approving an unresolved one).",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    exit: 2,
    description:
      "The `Idempotency-Key` was already used for a different request (other method, path or body). Use a new key for a new request.",
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    exit: 2,
    description: "The `Idempotency-Key` header must be 1 to 255 printable ASCII characters.",
  },
  TENANT_REQUIRED: {
    status: 400,
    exit: 2,
    description: "Several tenants exist; name one with `--tenant <id or slug>`.",
  },
  CONFIG_INVALID: {
    status: 500,
    exit: 78,
    description:
      "A configuration variable is missing or malformed, or a key file in the data directory is accessible by other users; the process refuses to start and says which.",
  },
  DATASET_INVALID: {
    status: 400,
    exit: 2,
    description:
      "A dataset or import file is unreadable or not in the expected format; the message names the file and the problem.",
  },
  LEDGER_VERIFICATION_FAILED: {
    status: 422,
    exit: 1,
    description:
      "The ledger export, proof or checkpoint does not verify (an entry changed, removed, reordered or inserted, a bad signature, a fork); the report names the first problem.",
  },
  LEDGER_EXPORT_INVALID: {
    status: 400,
    exit: 2,
    description:
      "The file given as a ledger export, proof or checkpoint is unreadable or not in a supported format; check the path and that it was produced by `vouch audit export`.",
  },
  LEDGER_KEY_INVALID: {
    status: 400,
    exit: 2,
    description:
      "A ledger key is malformed: public keys are `<name>+<key id>+<base64>` strings, private keys Ed25519 PKCS8 PEM matching their public key.",
  },
  CONTRACT_INVALID: {
    status: 422,
    exit: 2,
    description:
      "The contract document is not valid (YAML syntax, unknown key, wrong type, impossible value); `details.problems` lists each with its code, YAML path, line and column, and it is never activated.",
  },
  CONTRACT_TOO_COMPLEX: {
    status: 422,
    exit: 2,
    description:
      "The contract document exceeds the parser's limits (nesting deeper than 64 levels, more than 5,000 values, 100 aliases or 20,000 tokens, aliases that expand beyond their bound, more than 5 s to check); it is refused before it is examined. A real contract is far below them (docs/contract.md).",
  },
  FILE_UNREADABLE: {
    status: 400,
    exit: 66,
    description:
      "A file named on the command line cannot be read (missing, a directory, no permission, too large or not UTF-8); check the path.",
  },
  LEDGER_KEY_UNAVAILABLE: {
    status: 503,
    exit: 78,
    description:
      "This process has no checkpoint signing key, so it cannot publish checkpoints or list keys; configure `VOUCH_LEDGER_KEY_FILE` (or `VOUCH_LEDGER_KEY`) or let it generate one in `VOUCH_DATA_DIR`.",
  },
  CONTRACT_TENANT_MISMATCH: {
    status: 422,
    exit: 2,
    description:
      "The contract's `metadata.tenant` names another tenant than the one uploading it; upload it to that tenant, or correct `metadata.tenant` (a tenant id or slug).",
  },
  RESIDENCY_MISMATCH: {
    status: 409,
    exit: 5,
    description:
      "The contract requires data to be processed in its residency region (`data.residency.processing: in-region`) and this deployment declares another (`VOUCH_REGION`); activate it on a deployment in that region, or amend the residency term.",
  },
  SERVER_UNREACHABLE: {
    status: 502,
    exit: 69,
    description:
      "A command that talks to a Vouch server over HTTP (`vouch chat`) could not reach it, or got an answer that is not Vouch's; check `--url` (or `VOUCH_URL`) and that the server is running.",
  },
  CONTRACT_OUT_OF_TERM: {
    status: 409,
    exit: 5,
    description:
      "The activation would make the contract bind outside its own term: its `term.end` has passed (and it does not renew automatically), or the effective date asked for is before `term.start`. Upload a version with a current term, or activate without an effective date to schedule it for the first day of its term.",
  },
  CONTRACT_TERM_UNSUPPORTED: {
    status: 409,
    exit: 5,
    description:
      "The contract states a term this deployment cannot honour — a handoff target it has no connector for, or a fallback channel that does not exist (only `inbox` and `queue` are honoured) — so it is not activated rather than accepted and ignored; `details.terms` lists each. Amend the term (e.g. `target: inbox`).",
  },
  LEARNING_NOT_PERMITTED: {
    status: 409,
    exit: 5,
    description:
      "The contract in force says `data.trainingUse: none`: customer conversations may not be used for learning, so a handoff cannot be approved as a learning example. Reject it instead, or activate a contract that allows tenant-only learning.",
  },
  RESIDENCY_REFUSED: {
    status: 451,
    exit: 5,
    description:
      "This deployment refuses to process the tenant's data: the contract in force requires in-region processing (`data.residency.processing: in-region`) in another region than this deployment's `VOUCH_REGION`. Not retryable here (unlike a 503, which clients and load balancers would retry or treat as an unhealthy instance): route the tenant to a deployment in its region, or activate a contract that allows this one. The contract and governance-status endpoints still answer, so an operator can see why.",
  },
  INTERNAL: {
    status: 500,
    exit: 1,
    description:
      "An unexpected failure. Nothing accepted was lost; the log has the details under the request id.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** A failure with a stable code. Domain code throws these; the HTTP and CLI edges map them. */
export class VouchError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "VouchError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit;
  }
}

export const notFound = (what: string, id: string): VouchError =>
  new VouchError("NOT_FOUND", `${what} ${id} not found`, { id });

export const isVouchError = (e: unknown): e is VouchError => e instanceof VouchError;
