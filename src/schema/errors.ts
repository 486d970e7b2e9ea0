/**
 * The error codes clients can rely on (`extensions.code`), and the one place
 * that turns upstream failures into them.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import { SsmError, type SsmErrorKind } from '../ssm/errors.ts';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  THROTTLED: 'THROTTLED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_MISCONFIGURED: 'UPSTREAM_MISCONFIGURED',
  UPSTREAM_FORBIDDEN: 'UPSTREAM_FORBIDDEN',
  LOCATION_NOT_CONFIGURED: 'LOCATION_NOT_CONFIGURED',
  CALL_BUDGET_EXCEEDED: 'CALL_BUDGET_EXCEEDED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A client-supplied value cut to a length fit for an error message. */
export const truncate = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
}

const BY_KIND: Record<SsmErrorKind, [ErrorCode, string]> = {
  NOT_FOUND: [ErrorCode.NOT_FOUND, 'SSM has no such record.'],
  INVALID_TOKEN: [
    ErrorCode.BAD_USER_INPUT,
    'SSM no longer accepts this cursor (its pagination token expired); start again without `after`/`before`.',
  ],
  INVALID_INPUT: [ErrorCode.BAD_USER_INPUT, 'SSM rejected the arguments (a filter value it does not accept).'],
  THROTTLED: [ErrorCode.THROTTLED, 'SSM is throttling this account; retried and gave up. Try again shortly.'],
  UNAVAILABLE: [ErrorCode.UPSTREAM_UNAVAILABLE, 'SSM did not answer successfully after retries.'],
  MISCONFIGURED: [ErrorCode.UPSTREAM_MISCONFIGURED, 'The gateway cannot call SSM: its AWS region or credentials are not configured.'],
  UNSERVED_LOCATION: [
    ErrorCode.LOCATION_NOT_CONFIGURED,
    'This record lives in an account and region the gateway does not serve; add the location to its configuration (SSM_ACCOUNT_ROLES, SSM_REGIONS).',
  ],
  FORBIDDEN: [
    ErrorCode.UPSTREAM_FORBIDDEN,
    "This location refused the gateway's credentials (its role cannot be assumed, or the account or region does not accept them).",
  ],
  CALL_BUDGET_EXCEEDED: [
    ErrorCode.CALL_BUDGET_EXCEEDED,
    'This request reached its budget of upstream SSM calls; ask for fewer items or a shallower tree, or resume from the cursors it returned.',
  ],
  CLIENT_THROTTLED: [
    ErrorCode.THROTTLED,
    'This client reached its budget of upstream SSM calls per minute; retry after `extensions.retryAfterMs`.',
  ],
};

/** The client code of each upstream failure kind. */
export const BY_KIND_CODE = Object.fromEntries(Object.entries(BY_KIND).map(([kind, [code]]) => [kind, code])) as Record<SsmErrorKind, ErrorCode>;

/**
 * A client-safe GraphQL error for an upstream failure: a stable code and a fixed
 * message, never the AWS message or request ID (those go to the server log).
 */
export function upstreamError(err: SsmError): GraphQLError {
  const [code, message] = BY_KIND[err.kind];
  return createGraphQLError(message, {
    originalError: err,
    extensions: {
      code,
      operation: err.operation,
      ...(err.location ? { location: { accountId: err.location.accountId, region: err.location.region } } : {}),
      ...err.details,
      ...(err.awsCode ? { upstreamCode: err.awsCode } : {}),
    },
  });
}

export { SsmError };
