/**
 * What clients see of failures. Upstream failures become their stable code and
 * a fixed message (the AWS message and request ID go to the log only); errors
 * the schema or the HTTP layer raised on purpose pass through, with a code;
 * anything else is masked as INTERNAL_SERVER_ERROR.
 *
 * Never in a response, in any mode: stack traces, AWS messages, request IDs,
 * account IDs or ARNs from AWS errors, `originalError` (this masker replaces
 * Yoga's, whose development mode would serialise it, and drops the
 * `extensions.originalError` Yoga's JSON parser puts on its 400s).
 * In production also: `extensions.upstreamCode` (the AWS error name). It is a
 * constant from the public API model, but a client cannot act on it beyond
 * `code`, and names such as AccessDeniedException or UnrecognizedClientException
 * describe the gateway's IAM setup. `extensions.operation` stays: it is the
 * documented SSM operation behind the field, not instance data.
 *
 * Logging: the masker is the one place that logs an error it is given, once:
 * an upstream failure (SsmError, including the request deadline) as one warn
 * line however many fields it failed (requests sharing one in-flight call share
 * its failure too), unexpected errors with `error`, client errors not at all:
 * neither BAD_USER_INPUT nor NOT_FOUND (a client's unknown ID is no fault of
 * the gateway; the access log has its code).
 * Yoga itself logs every error its masker replaced, at ERR with the stack;
 * `yogaLogger` drops those lines.
 */
import { PothosError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { badInput } from '../schema/errors.ts';
import { createGraphQLError, type YogaLogger } from 'graphql-yoga';
import type { LogSink } from './log.ts';
import { SsmError } from '../ssm/errors.ts';
import { upstreamError } from '../schema/errors.ts';
import { WaitBoundExceeded, timeoutError } from './wait-bound.ts';

export interface ErrorMaskerOptions {
  production?: boolean;
}

/** Codes for coded-less errors of the HTTP layer, by status. */
const BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

export type ErrorMasker = ((error: unknown) => Error) & {
  /** True for an error this masker was given: it logged it already, or chose not to. */
  handled(error: unknown): boolean;
};

/** Upstream failures that are the client's doing, not logged. */
// UNSERVED_LOCATION: a record in a location the configuration leaves out (a multi-account run's target): a fact of the setup, answered to the client, not a failure.
// CALL_BUDGET_EXCEEDED, CLIENT_THROTTLED: the request's or the client's own budget, answered to the client (one refusal per refused
// call: a cut query would log hundreds of lines); the access log (request-log.ts) records the code once per request.
const CLIENT_KINDS = new Set(['NOT_FOUND', 'UNSERVED_LOCATION', 'CALL_BUDGET_EXCEEDED', 'CLIENT_THROTTLED']);

export function createErrorMasker(logger?: LogSink, opts: ErrorMaskerOptions = {}): ErrorMasker {
  const handled = new WeakSet<object>();
  /** Upstream failures logged: one failure shared by several fields (one load) is one line. */
  const logged = new WeakSet<SsmError>();
  const warnOnce = (e: SsmError, line: string) => {
    if (logged.has(e) || CLIENT_KINDS.has(e.kind)) return;
    logged.add(e);
    logger?.warn(line);
  };
  const mask = (error: unknown): Error => {
    if (typeof error === 'object' && error !== null) handled.add(error);
    const original = error instanceof GraphQLError ? error.originalError : error;
    const where = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
    if (original instanceof WaitBoundExceeded) {
      warnOnce(original, `upstream ${original.operation}: request deadline passed (TIMEOUT)`);
      return createGraphQLError(timeoutError(original).message, { ...where, extensions: timeoutError(original).extensions });
    }
    if (original instanceof SsmError) {
      warnOnce(original, `upstream ${original.operation}: ${original.kind} ${original.awsCode ?? ''} ${original.awsMessage ?? ''} requestId=${original.requestId ?? '-'}`);
      const { upstreamCode, ...safe } = upstreamError(original).extensions;
      const extensions = opts.production ? safe : { ...safe, ...(upstreamCode ? { upstreamCode } : {}) };
      return createGraphQLError(upstreamError(original).message, { ...where, extensions });
    }
    if (original instanceof PothosError) {
      // Pothos raises these for programming errors; at run time a client reaches one only through
      // `node`/`nodes` with an ID naming a type that is not a node (its type lookup throws).
      if (error instanceof GraphQLError && (error.path?.[0] === 'node' || error.path?.[0] === 'nodes')) {
        const e = badInput('Unknown ID: pass an `id` exactly as the API returned it.', { reason: 'MALFORMED_ID' });
        return createGraphQLError(e.message, { ...where, extensions: e.extensions });
      }
      logger?.error(original);
      return createGraphQLError('Unexpected error.', { ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
      // Raised on purpose (validation, BAD_USER_INPUT, HTTP-level refusals): returned as is, so
      // Yoga does not log it as a failure; its JSON is message, locations, path and extensions only.
      // A located error already carries its original's extensions; a code is added where missing.
      const extensions = error.extensions as Record<string, unknown>;
      const http = extensions.http as { status?: number; spec?: boolean } | undefined;
      if ('originalError' in extensions) {
        // Yoga's JSON parser puts its SyntaxError there, and its result processor answers 400
        // (not the 200 `spec` asks for) only while the field is present: dropping `spec` keeps the 400.
        delete extensions.originalError;
        if (http) delete http.spec;
      }
      const status = http?.status;
      extensions.code ??= (status && BY_STATUS[status]) || (error.path ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_VALIDATION_FAILED');
      return error;
    }
    logger?.error(original ?? error);
    return createGraphQLError('Unexpected error.', { ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
  return Object.assign(mask, { handled: (error: unknown) => typeof error === 'object' && error !== null && handled.has(error) });
}

/**
 * Yoga's logger: `base`, without the `error` line Yoga writes for an error the
 * masker handled (the masker logged it once already, at its level).
 */
export function yogaLogger(base: YogaLogger, masker: ErrorMasker): YogaLogger {
  return {
    ...base,
    error: (...args: unknown[]) => {
      if (args.length === 1 && masker.handled(args[0])) return;
      base.error(...args);
    },
  };
}
