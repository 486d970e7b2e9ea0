/**
 * A subscription operation as the query that polls it: the same selection on
 * the Query root, whose fields of the same names mirror the Subscription
 * fields (src/schema/live.ts checks it). The result of the query is, field for
 * field, what the subscription would send: same response keys, aliases and
 * nesting.
 *
 * Only the chosen operation is kept, with every fragment; fragments and inline
 * fragments on the Subscription type are put on the Query type (only the root
 * selection can use them). Memoised per document and operation name: Yoga
 * parses one document per query text, so a cohort's document is rewritten once.
 */
import { getOperationAST, Kind, OperationTypeNode, visit, type DocumentNode, type GraphQLSchema } from 'graphql';

const memo = new WeakMap<DocumentNode, Map<string, DocumentNode | undefined>>();

/** The query of `document`'s subscription `operationName`; undefined when that operation is not a subscription. */
export function asQuery(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): DocumentNode | undefined {
  let byName = memo.get(document);
  if (!byName) memo.set(document, (byName = new Map()));
  const key = operationName ?? '';
  if (!byName.has(key)) byName.set(key, rewrite(schema, document, operationName));
  return byName.get(key);
}

function rewrite(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): DocumentNode | undefined {
  const operation = getOperationAST(document, operationName);
  const subscription = schema.getSubscriptionType()?.name;
  const query = schema.getQueryType()?.name;
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION || !subscription || !query) return undefined;
  const onQuery = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: query } } as const;
  const kept: DocumentNode = {
    ...document,
    definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
  };
  return visit(kept, {
    OperationDefinition: (node) => ({ ...node, operation: OperationTypeNode.QUERY }),
    FragmentDefinition: (node) => (node.typeCondition.name.value === subscription ? { ...node, typeCondition: onQuery } : undefined),
    InlineFragment: (node) => (node.typeCondition?.name.value === subscription ? { ...node, typeCondition: onQuery } : undefined),
  });
}
