/**
 * Upstream failures, classified once, here, so the layers above reason about
 * kinds rather than AWS error names. `SsmError` carries the raw AWS message and
 * request ID for server logs only: the GraphQL layer decides what a client sees.
 */
export type SsmErrorKind =
  | 'NOT_FOUND'
  | 'INVALID_TOKEN'
  | 'INVALID_INPUT'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  /** The SDK could not sign a request (no region, no credentials): SSM was never called. */
  | 'MISCONFIGURED'
  /** The location's credentials were refused: its role cannot be assumed, or the account or region does not accept them. */
  | 'FORBIDDEN'
  /** A record lives in an (account, region) the gateway does not serve (a multi-account run's target, say). */
  | 'UNSERVED_LOCATION'
  | 'CALL_BUDGET_EXCEEDED'
  /** The client that asked spent its budget of upstream calls (src/server/client-budget.ts); SSM was not called. */
  | 'CLIENT_THROTTLED';

/** Kinds that mean "a limit of this request cut it here", not "SSM failed": what is left can be asked for again later. */
export const BUDGET_KINDS: ReadonlySet<SsmErrorKind> = new Set(['CALL_BUDGET_EXCEEDED', 'CLIENT_THROTTLED']);
export const isBudgetCut = (e: unknown): e is SsmError => e instanceof SsmError && BUDGET_KINDS.has(e.kind);

export class SsmError extends Error {
  override readonly name = 'SsmError';
  /** The (account, region) whose SSM failed, set by that location's upstream door. */
  location?: { accountId: string; region: string };
  /** Figures a client may act on (a budget's `retryAfterMs`), added to the error's `extensions`. */
  details?: Record<string, number>;
  constructor(
    readonly kind: SsmErrorKind,
    readonly operation: string,
    /** The AWS error name (`__type`), when AWS answered. */
    readonly awsCode?: string,
    /** The raw AWS message: for logs, never for clients. */
    readonly awsMessage?: string,
    readonly requestId?: string,
  ) {
    super(`${operation} failed: ${kind}${awsCode ? ` (${awsCode})` : ''}`);
  }
}

const NOT_FOUND = new Set([
  'AssociationDoesNotExist',
  'AssociationExecutionDoesNotExist',
  'AutomationExecutionNotFoundException',
  'DoesNotExistException',
  'InvalidCommandId',
  'InvalidInstanceId',
]);
const INVALID_INPUT = new Set(['InvalidFilterKey', 'InvalidFilterValue', 'InvalidFilter', 'ValidationException']);
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** Refused credentials: AssumeRole denied, unknown or expired keys, a region not enabled for the account. */
const FORBIDDEN = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
/** What the SDK's providers throw before sending anything; its missing-region error is a plain Error. */
const MISCONFIGURED = new Set(['CredentialsProviderError', 'TokenProviderError']);
const isMisconfigured = (e: AwsLikeError) => (e.name && MISCONFIGURED.has(e.name)) || e.message === 'Region is missing';

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

/** Maps whatever the SDK threw (after its own retries) to an `SsmError`. */
export function classifyError(operation: string, err: unknown): SsmError {
  if (err instanceof SsmError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const code = e.name;
  const requestId = e.$metadata?.requestId;
  let kind: SsmErrorKind = 'UNAVAILABLE';
  if (code && NOT_FOUND.has(code)) kind = 'NOT_FOUND';
  else if (code === 'InvalidNextToken') kind = 'INVALID_TOKEN';
  else if (code && INVALID_INPUT.has(code)) kind = 'INVALID_INPUT';
  else if ((code && THROTTLED.has(code)) || e.$retryable?.throttling) kind = 'THROTTLED';
  else if (code && FORBIDDEN.has(code)) kind = 'FORBIDDEN';
  else if (isMisconfigured(e)) kind = 'MISCONFIGURED';
  return new SsmError(kind, operation, code, e.message, requestId);
}
