/** The query GraphiQL opens with: a maintenance window's history down to the automation steps it ran. */
export const EXAMPLE_QUERY = /* GraphQL */ `# A nested execution tree in one request. Each connection maps onto SSM's NextToken.
query AutomationTree {
  automationExecutions(first: 3) {
    edges {
      node {
        automationExecutionId
        documentName
        automationExecutionStatus
        executionStartTime
        steps(first: 10) {
          pageInfo { hasNextPage endCursor }
          edges {
            node {
              stepName
              action
              stepStatus
              iteration
              iteratorValue
              parentStep { stepName }
              childAutomationExecution { automationExecutionId documentName }
            }
          }
        }
      }
    }
  }
}
`;
