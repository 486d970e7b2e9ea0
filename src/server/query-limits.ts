/**
 * `useQueryLimits`: size limits on the document itself (graphql-armor), each
 * refusal with a stable code, before execution:
 * - QUERY_TOO_LARGE: more than MAX_TOKENS lexical tokens (checked while parsing,
 *   so a huge document is not even fully parsed);
 * - QUERY_TOO_DEEP: field nesting deeper than MAX_DEPTH (fragments followed);
 * - TOO_MANY_ALIASES: more than MAX_ALIASES aliases (alias bombs).
 * ("Did you mean …?" suggestions are removed by suggestions.ts.)
 * A limit of 0 turns that check off. Refusals are validation-style errors
 * (HTTP 400 with `application/graphql-response+json`, 200 with `application/json`).
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface QueryLimitOptions {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}

const coded = (code: string, err: GraphQLError) =>
  createGraphQLError(err.message.replace(/^Syntax Error: /, ''), { extensions: { code, http: { status: 400, spec: true } } });

/** armor's onReject hook, turned into a coded validation error reported on the context. */
const report = (code: string) => (ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(coded(code, err));

export function useQueryLimits(opts: QueryLimitOptions): Plugin[] {
  const plugins: Plugin[] = [];
  if (opts.maxTokens) {
    plugins.push(
      maxTokensPlugin({
        n: opts.maxTokens,
        // The parser has no validation context: throwing from the hook aborts the parse with our error.
        onReject: [(_ctx, err) => { throw coded('QUERY_TOO_LARGE', err); }],
      }) as Plugin,
    );
  }
  if (opts.maxDepth) {
    plugins.push(maxDepthPlugin({ n: opts.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [report('QUERY_TOO_DEEP')] }) as Plugin);
  }
  if (opts.maxAliases) {
    plugins.push(maxAliasesPlugin({ n: opts.maxAliases, propagateOnRejection: false, onReject: [report('TOO_MANY_ALIASES')] }) as Plugin);
  }
  return plugins;
}
