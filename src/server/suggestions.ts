/**
 * `useHideSuggestions` (BLOCK_FIELD_SUGGESTIONS, on in production): removes
 * graphql-js's "Did you mean …?" from every error a response carries, so the
 * schema cannot be mapped by guessing with introspection off.
 *
 * It rewrites the response's errors just before they are serialised, which is
 * the one point every error passes: validation (unknown fields, arguments,
 * types, enum values, input fields in literals) and execution (variable
 * values: a misspelt enum value or input field given through `$variables`),
 * whoever raised them. graphql-js always ends such a message with the
 * suggestion, so the suffix is cut and the rest of the message kept.
 */
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean [^]*\?$/;

export const withoutSuggestion = (message: string) => message.replace(SUGGESTION, '');

export function useHideSuggestions(): Plugin {
  const clean = (result: ExecutionResult) => {
    for (const error of result.errors ?? []) {
      // Errors may be shared (the validation cache): the rewrite is idempotent.
      (error as GraphQLError & { message: string }).message = withoutSuggestion(error.message);
    }
  };
  return {
    onResultProcess({ result }) {
      // Streams (subscriptions, incremental delivery) carry their errors per event: none is served yet.
      if (Symbol.asyncIterator in result) return;
      for (const r of Array.isArray(result) ? result : [result]) clean(r);
    },
  };
}
