/**
 * The naive resolver set: a plain graphql-yoga server over the same schema
 * subset (same field names), written the way resolvers are usually written by
 * hand: each field calls the SDK for its own parent, `MaxResults` is the
 * client's `first` (clamped to the model's range), every referenced object is
 * fetched by its own Get/Describe call. No loaders, no cache, no cap.
 */
import {
  DescribeAssociationExecutionsCommand,
  DescribeAutomationStepExecutionsCommand,
  DescribeMaintenanceWindowExecutionsCommand,
  DescribeMaintenanceWindowExecutionTaskInvocationsCommand,
  DescribeMaintenanceWindowExecutionTasksCommand,
  GetAutomationExecutionCommand,
  GetMaintenanceWindowCommand,
  ListAssociationsCommand,
  type AssociationExecution,
  type AutomationExecution,
  type MaintenanceWindowExecution,
  type MaintenanceWindowExecutionTaskIdentity,
  type MaintenanceWindowExecutionTaskInvocationIdentity,
  type SSMClient,
  type StepExecution,
  type Association,
} from '@aws-sdk/client-ssm';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** The schema subset the benchmark queries use; the bare server serves it too. */
export const SUBSET_SDL = /* GraphQL */ `
  scalar DateTime

  type Query {
    automationExecution(automationExecutionId: ID!): AutomationExecution
    maintenanceWindow(windowId: ID!): MaintenanceWindow
    associations(first: Int): AssociationConnection!
  }

  type MaintenanceWindow {
    windowId: String
    name: String
    executions(first: Int): MaintenanceWindowExecutionConnection!
  }
  type MaintenanceWindowExecutionConnection { edges: [MaintenanceWindowExecutionEdge!]! }
  type MaintenanceWindowExecutionEdge { node: MaintenanceWindowExecution! }
  type MaintenanceWindowExecution {
    windowExecutionId: String
    status: String
    startTime: DateTime
    tasks(first: Int): MaintenanceWindowExecutionTaskConnection!
  }
  type MaintenanceWindowExecutionTaskConnection { edges: [MaintenanceWindowExecutionTaskEdge!]! }
  type MaintenanceWindowExecutionTaskEdge { node: MaintenanceWindowExecutionTask! }
  type MaintenanceWindowExecutionTask {
    taskExecutionId: String
    taskType: String
    status: String
    invocations(first: Int): MaintenanceWindowExecutionTaskInvocationConnection!
  }
  type MaintenanceWindowExecutionTaskInvocationConnection { edges: [MaintenanceWindowExecutionTaskInvocationEdge!]! }
  type MaintenanceWindowExecutionTaskInvocationEdge { node: MaintenanceWindowExecutionTaskInvocation! }
  type MaintenanceWindowExecutionTaskInvocation {
    invocationId: String
    status: String
    executionId: String
    automationExecution: AutomationExecution
  }

  type AutomationExecution {
    automationExecutionId: String
    automationExecutionStatus: String
    documentName: String
    steps(first: Int): AutomationStepExecutionConnection!
  }
  type AutomationStepExecutionConnection { edges: [AutomationStepExecutionEdge!]! }
  type AutomationStepExecutionEdge { node: AutomationStepExecution! }
  type AutomationStepExecution {
    stepName: String
    iteration: Int
    parentStep: AutomationStepExecution
  }

  type AssociationConnection { edges: [AssociationEdge!]! }
  type AssociationEdge { node: Association! }
  type Association {
    associationName: String
    executions(first: Int): AssociationExecutionConnection!
  }
  type AssociationExecutionConnection { edges: [AssociationExecutionEdge!]! }
  type AssociationExecutionEdge { node: AssociationExecution! }
  type AssociationExecution {
    status: String
    createdTime: DateTime
  }
`;

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : null);
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
const edges = <T>(items: T[]) => ({ edges: items.map((node) => ({ node })) });

type Args = { first?: number | null };

/**
 * Collects `first` items, MaxResults = first (clamped), following NextToken as
 * users do when a page comes back short.
 */
async function collect<T>(
  first: number,
  range: [number, number],
  page: (maxResults: number, token?: string) => Promise<{ items?: T[]; NextToken?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const res = await page(clamp(first - out.length, ...range), token);
    out.push(...(res.items ?? []));
    token = res.NextToken;
  } while (token && out.length < first);
  return out.slice(0, first);
}

export function createNaiveSchema(client: SSMClient): GraphQLSchema {
  const schema = buildSchema(SUBSET_SDL);

  const automation = (a: AutomationExecution) => ({
    automationExecutionId: a.AutomationExecutionId,
    automationExecutionStatus: a.AutomationExecutionStatus,
    documentName: a.DocumentName,
    steps: async ({ first }: Args) =>
      edges(
        (
          await collect(first ?? 25, [1, 50], async (MaxResults, NextToken) => {
            const r = await client.send(new DescribeAutomationStepExecutionsCommand({ AutomationExecutionId: a.AutomationExecutionId, MaxResults, NextToken }));
            return { items: r.StepExecutions, NextToken: r.NextToken };
          })
        ).map((s) => step(a.AutomationExecutionId!, s)),
      ),
  });

  const getAutomation = async (id: string) =>
    automation((await client.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }))).AutomationExecution!);

  const step = (executionId: string, s: StepExecution): Record<string, unknown> => ({
    stepName: s.StepName,
    iteration: s.ParentStepDetails?.Iteration ?? null,
    // One call per step for its parent, by its ID.
    parentStep: async () => {
      const parentId = s.ParentStepDetails?.StepExecutionId;
      if (!parentId) return null;
      let token: string | undefined;
      do {
        const r = await client.send(
          new DescribeAutomationStepExecutionsCommand({
            AutomationExecutionId: executionId,
            Filters: [{ Key: 'StepExecutionId', Values: [parentId] }],
            NextToken: token,
          }),
        );
        if (r.StepExecutions?.length) return step(executionId, r.StepExecutions[0]);
        token = r.NextToken;
      } while (token);
      return null;
    },
  });

  const invocation = (i: MaintenanceWindowExecutionTaskInvocationIdentity) => ({
    invocationId: i.InvocationId,
    status: i.Status,
    executionId: i.ExecutionId,
    automationExecution: () => (i.TaskType === 'AUTOMATION' && i.ExecutionId ? getAutomation(i.ExecutionId) : null),
  });

  const task = (t: MaintenanceWindowExecutionTaskIdentity) => ({
    taskExecutionId: t.TaskExecutionId,
    taskType: t.TaskType,
    status: t.Status,
    invocations: async ({ first }: Args) =>
      edges(
        (
          await collect(first ?? 25, [10, 100], async (MaxResults, NextToken) => {
            const r = await client.send(
              new DescribeMaintenanceWindowExecutionTaskInvocationsCommand({ WindowExecutionId: t.WindowExecutionId, TaskId: t.TaskExecutionId, MaxResults, NextToken }),
            );
            return { items: r.WindowExecutionTaskInvocationIdentities, NextToken: r.NextToken };
          })
        ).map(invocation),
      ),
  });

  const windowExecution = (e: MaintenanceWindowExecution) => ({
    windowExecutionId: e.WindowExecutionId,
    status: e.Status,
    startTime: iso(e.StartTime),
    tasks: async ({ first }: Args) =>
      edges(
        (
          await collect(first ?? 25, [10, 100], async (MaxResults, NextToken) => {
            const r = await client.send(new DescribeMaintenanceWindowExecutionTasksCommand({ WindowExecutionId: e.WindowExecutionId, MaxResults, NextToken }));
            return { items: r.WindowExecutionTaskIdentities, NextToken: r.NextToken };
          })
        ).map(task),
      ),
  });

  const association = (a: Association) => ({
    associationName: a.AssociationName,
    executions: async ({ first }: Args) =>
      edges(
        (
          await collect(first ?? 25, [1, 50], async (MaxResults, NextToken) => {
            const r = await client.send(new DescribeAssociationExecutionsCommand({ AssociationId: a.AssociationId, MaxResults, NextToken }));
            return { items: r.AssociationExecutions, NextToken: r.NextToken };
          })
        ).map((x: AssociationExecution) => ({ status: x.Status, createdTime: iso(x.CreatedTime) })),
      ),
  });

  const q = schema.getQueryType()!.getFields();
  q.automationExecution.resolve = (_r, { automationExecutionId }: { automationExecutionId: string }) => getAutomation(automationExecutionId);
  q.maintenanceWindow.resolve = async (_r, { windowId }: { windowId: string }) => {
    const w = await client.send(new GetMaintenanceWindowCommand({ WindowId: windowId }));
    return {
      windowId: w.WindowId,
      name: w.Name,
      executions: async ({ first }: Args) =>
        edges(
          (
            await collect(first ?? 25, [10, 100], async (MaxResults, NextToken) => {
              const r = await client.send(new DescribeMaintenanceWindowExecutionsCommand({ WindowId: windowId, MaxResults, NextToken }));
              return { items: r.WindowExecutions, NextToken: r.NextToken };
            })
          ).map(windowExecution),
        ),
    };
  };
  q.associations.resolve = async (_r, { first }: Args) =>
    edges(
      (
        await collect(first ?? 25, [1, 50], async (MaxResults, NextToken) => {
          const r = await client.send(new ListAssociationsCommand({ MaxResults, NextToken }));
          return { items: r.Associations, NextToken: r.NextToken };
        })
      ).map(association),
    );
  return schema;
}

export function createNaiveServer(client: SSMClient) {
  return createYoga({ schema: createNaiveSchema(client), graphqlEndpoint: '/graphql', landingPage: false, graphiql: false });
}
