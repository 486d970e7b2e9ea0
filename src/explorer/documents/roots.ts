/**
 * Documents of the root lists and of the views that list a root's runs
 * (a window's executions, an association's executions). Filters go to the
 * schema's filter inputs, which the gateway pushes down to SSM; `accountIds`
 * and `regions` choose the locations a root list merges (all served ones when
 * absent). Records carry their location; views fetch them by their global ID,
 * which holds it.
 */
import { graphql } from '../graphql.ts';

export const WindowList = graphql(`
  query WindowList($first: Int!, $after: String, $filter: MaintenanceWindowsFilter, $accountIds: [ID!], $regions: [String!]) {
    maintenanceWindows(first: $first, after: $after, filter: $filter, accountIds: $accountIds, regions: $regions) {
      edges { node { id accountId region windowId name description enabled schedule nextExecutionTime } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AutomationList = graphql(`
  query AutomationList($first: Int!, $after: String, $filter: AutomationExecutionFilter, $accountIds: [ID!], $regions: [String!]) {
    automationExecutions(first: $first, after: $after, filter: $filter, accountIds: $accountIds, regions: $regions) {
      edges {
        node { id accountId region automationExecutionId documentName automationExecutionStatus automationType executionStartTime executionEndTime }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AssociationList = graphql(`
  query AssociationList($first: Int!, $after: String, $filter: AssociationFilter, $accountIds: [ID!], $regions: [String!]) {
    associations(first: $first, after: $after, filter: $filter, accountIds: $accountIds, regions: $regions) {
      edges {
        node { id accountId region associationId associationName name scheduleExpression lastExecutionDate overview { status detailedStatus } }
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
        accountId region windowId name description enabled schedule scheduleTimezone duration cutoff nextExecutionTime
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
        accountId region associationId associationName name documentVersion scheduleExpression lastExecutionDate
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

/** The locations the gateway serves, for the location filter and the locations panel. */
export const Locations = graphql(`
  query Locations {
    locations { accountId region home state errorCode }
  }
`);
