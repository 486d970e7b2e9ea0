/**
 * What clients see of failures. Upstream failures become their stable code and
 * a fixed message (the AWS message and request ID go to the log only); errors
 * the schema raised on purpose pass through; anything else is masked.
 */
import { GraphQLError } from 'graphql';
import { createGraphQLError, type YogaLogger } from 'graphql-yoga';
import { SsmError } from '../ssm/errors.ts';
import { upstreamError } from '../schema/errors.ts';

export function createErrorMasker(logger?: Pick<YogaLogger, 'warn' | 'error'>) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    const where = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
    if (original instanceof SsmError) {
      logger?.warn(`upstream ${original.operation}: ${original.kind} ${original.awsCode ?? ''} ${original.awsMessage ?? ''} requestId=${original.requestId ?? '-'}`);
      const safe = upstreamError(original);
      return createGraphQLError(safe.message, { ...where, extensions: safe.extensions });
    }
    if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
      // Raised on purpose (validation, BAD_USER_INPUT, ...): keep it, without the original's stack.
      const code = (original as GraphQLError | undefined)?.extensions?.code ?? error.extensions?.code;
      return createGraphQLError(error.message, { ...where, extensions: { ...error.extensions, ...(original as GraphQLError | undefined)?.extensions, ...(code ? { code } : {}) } });
    }
    logger?.error(original ?? error);
    return createGraphQLError('Unexpected error.', { ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}
