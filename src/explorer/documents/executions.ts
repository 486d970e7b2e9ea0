/**
 * Documents of one execution (a window execution's tree, an automation's steps)
 * and the deep-link resolver. execution-data.ts is their only reader, so a live
 * subscription can later replace how they are fetched without touching a view.
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

/** A window execution down to what each invocation ran, in one request. */
export const WindowExecutionTree = graphql(`
  query WindowExecutionTree($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on MaintenanceWindowExecution {
        accountId region windowExecutionId windowId status statusDetails startTime endTime
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
    }
  }
`);

export const StepFields = graphql(`
  fragment StepFields on AutomationStepExecution {
    id stepExecutionId stepName action stepStatus executionStartTime executionEndTime
    failureMessage onFailure isCritical maxAttempts timeoutSeconds inputs outputs
    iteration iteratorValue parentStep { id }
    targetLocation { accounts regions }
    childAutomationExecution { id accountId region automationExecutionId documentName automationExecutionStatus }
  }
`);

/** An automation execution with the first page of its steps (loop iterations included, flat). */
export const AutomationExecutionView = graphql(`
  query AutomationExecutionView($id: ID!, $first: Int!) {
    node(id: $id) {
      __typename
      id
      ... on AutomationExecution {
        accountId region automationExecutionId documentName documentVersion automationExecutionStatus mode
        executionStartTime executionEndTime failureMessage currentStepName executedBy parameters outputs
        targetLocations { accounts regions }
        parentAutomationExecution { id accountId region automationExecutionId documentName }
        steps(first: $first) {
          edges { node { ...StepFields } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`, [StepFields]);

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
