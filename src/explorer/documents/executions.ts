/**
 * Documents of one execution (a window execution's tree, an automation's steps)
 * and the deep-link resolver. Each view's selection is a fragment, shared by
 * its query (by global ID) and its subscription (live.ts), so a live event has
 * exactly the shape of the answer it replaces. execution-data.ts is their only
 * reader.
 */
import { graphql } from '../graphql.ts';

/** Where a global ID leads: its type, and the IDs of the execution view that shows it. */
export const ResolveNode = graphql(`
  query ResolveNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on AutomationStepExecution { automationExecution { id } }
      ... on MaintenanceWindowExecutionTask { execution { id } }
      ... on MaintenanceWindowExecutionTaskInvocation { task { id execution { id } } }
      ... on AssociationExecution { association { id } }
    }
  }
`);

/** What a window execution's view shows: the execution down to what each invocation ran. */
export const WindowExecutionFields = graphql(`
  fragment WindowExecutionFields on MaintenanceWindowExecution {
    id accountId region windowExecutionId windowId status statusDetails startTime endTime
    window { id name }
    tasks(first: 20) {
      edges {
        node {
          id taskExecutionId taskArn taskType status statusDetails startTime endTime
          invocations(first: 25) {
            edges {
              node {
                id invocationId executionId status statusDetails startTime endTime ownerInformation windowTargetId
                automationExecution { id automationExecutionId documentName automationExecutionStatus }
                commandInvocations(first: 10) {
                  edges { node { commandId instanceId instanceName status statusDetails } }
                  pageInfo { hasNextPage }
                }
              }
            }
            pageInfo { hasNextPage }
          }
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

/** A window execution down to what each invocation ran, in one request. */
export const WindowExecutionTree = graphql(`
  query WindowExecutionTree($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on MaintenanceWindowExecution { ...WindowExecutionFields }
    }
  }
`, [WindowExecutionFields]);

export const StepFields = graphql(`
  fragment StepFields on AutomationStepExecution {
    id stepExecutionId stepName action stepStatus executionStartTime executionEndTime
    failureMessage onFailure isCritical maxAttempts timeoutSeconds inputs outputs
    iteration iteratorValue parentStep { id }
    targetLocation { accounts regions }
    childAutomationExecution { id accountId region automationExecutionId documentName automationExecutionStatus }
  }
`);

/**
 * What an automation's view shows: the record and the first `$first` of its
 * steps (loop iterations included, flat). Without the steps' `pageInfo`: the
 * query asks for the cursor to the next page, the subscription only whether
 * there is one (a cursor is new on every read, so a stream selecting it would
 * send every poll as a change).
 */
export const AutomationExecutionFields = graphql(`
  fragment AutomationExecutionFields on AutomationExecution {
    id accountId region automationExecutionId documentName documentVersion automationExecutionStatus mode
    executionStartTime executionEndTime failureMessage currentStepName executedBy parameters outputs
    targetLocations { accounts regions }
    parentAutomationExecution { id accountId region automationExecutionId documentName }
    steps(first: $first) { edges { node { ...StepFields } } }
  }
`, [StepFields]);

/** An automation execution with the first page of its steps, and the cursor to the next. */
export const AutomationExecutionView = graphql(`
  query AutomationExecutionView($id: ID!, $first: Int!) {
    node(id: $id) {
      __typename
      id
      ... on AutomationExecution {
        ...AutomationExecutionFields
        steps(first: $first) { pageInfo { hasNextPage endCursor } }
      }
    }
  }
`, [AutomationExecutionFields]);

/** The next page of an automation's steps, when it has more than one page. */
export const AutomationStepsPage = graphql(`
  query AutomationStepsPage($id: ID!, $first: Int!, $after: String!) {
    node(id: $id) {
      __typename
      id
      ... on AutomationExecution {
        steps(first: $first, after: $after) {
          edges { node { ...StepFields } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`, [StepFields]);
