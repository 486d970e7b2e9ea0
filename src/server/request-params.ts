/**
 * `useMalformedParamsAre400`: a request whose parameters cannot be read is the
 * client's mistake. Yoga's parsers for GET query strings and form bodies
 * `JSON.parse` the `variables` and `extensions` parameters and let the
 * SyntaxError escape, which would be masked as a 200 INTERNAL_SERVER_ERROR
 * with a stack in the log. Whatever parser was chosen, a failure that is not
 * already a GraphQL error becomes HTTP 400 with code BAD_REQUEST and a fixed
 * message (never the parser's own text).
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';

const malformed = (error: unknown) =>
  createGraphQLError(
    error instanceof SyntaxError
      ? 'Malformed request: `variables` and `extensions` must be JSON objects.'
      : 'Malformed request: its parameters could not be read.',
    { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
  );

export function useMalformedParamsAre400(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          throw malformed(error);
        }
      });
    },
  };
}
