/**
 * Documents of the root lists and of the views that list a root's runs
 * (a window's executions, an association's executions). Filters go to the
 * schema's filter inputs, which the gateway pushes down to SSM.
 *
 * When the schema gains `accountId`/`region` on records and `accountIds`/`regions`
 * on the root lists, they are added here (and in executions.ts) only.
 */
import { graphql } from '../graphql.ts';

export const WindowList = graphql(`
  query WindowList($first: Int!, $after: String, $filter: MaintenanceWindowsFilter) {
    maintenanceWindows(first: $first, after: $after, filter: $filter) {
      edges { node { id windowId name description enabled schedule nextExecutionTime } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AutomationList = graphql(`
  query AutomationList($first: Int!, $after: String, $filter: AutomationExecutionFilter) {
    automationExecutions(first: $first, after: $after, filter: $filter) {
      edges {
        node { id automationExecutionId documentName automationExecutionStatus executionStartTime executionEndTime }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AssociationList = graphql(`
  query AssociationList($first: Int!, $after: String, $filter: AssociationFilter) {
    associations(first: $first, after: $after, filter: $filter) {
      edges {
        node { id associationId associationName name scheduleExpression lastExecutionDate overview { status detailedStatus } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const WindowView = graphql(`
  query WindowView($id: ID!, $first: Int!, $after: String, $filter: MaintenanceWindowExecutionFilter) {
    node(id: $id) {
      __typename
      id
      ... on MaintenanceWindow {
        windowId name description enabled schedule scheduleTimezone duration cutoff nextExecutionTime
        executions(first: $first, after: $after, filter: $filter) {
          edges { node { id windowExecutionId status statusDetails startTime endTime } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

export const AssociationView = graphql(`
  query AssociationView($id: ID!, $first: Int!, $after: String, $filter: AssociationExecutionFilter) {
    node(id: $id) {
      __typename
      id
      ... on Association {
        associationId associationName name documentVersion scheduleExpression lastExecutionDate
        overview { status detailedStatus }
        status { name date message }
        executions(first: $first, after: $after, filter: $filter) {
          edges { node { id executionId status detailedStatus createdTime resourceCountByStatus } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

export const AssociationTargets = graphql(`
  query AssociationTargets($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on AssociationExecution {
        targets(first: 50) {
          edges { node { resourceId resourceType status detailedStatus lastExecutionDate } }
          pageInfo { hasNextPage }
        }
      }
    }
  }
`);
