/**
 * What GraphiQL opens with: two tabs. The first, a nested execution tree in
 * one request; the second, a live subscription (src/server/live/) with the
 * query that finds what to watch.
 */
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

/** The live example: run RunningNow, put one of its executions in the variables, run Watch. */
export const EXAMPLE_SUBSCRIPTION = /* GraphQL */ `# Live: watch one execution as it runs (Server-Sent Events on this endpoint).
# 1. Run RunningNow and copy one execution's automationExecutionId, accountId and region
#    into the variables below (root lists span every served location).
# 2. Run Watch: the gateway polls SSM once for every watcher and pushes each change,
#    until the execution ends (the stream then completes).
subscription Watch($id: ID!, $accountId: ID, $region: String) {
  automationExecution(automationExecutionId: $id, accountId: $accountId, region: $region) {
    automationExecutionStatus
    currentStepName
    steps(first: 50) {
      edges { node { stepName stepStatus iteration executionStartTime executionEndTime } }
    }
  }
}

query RunningNow {
  automationExecutions(first: 5, filter: { status: [InProgress] }) {
    edges { node { automationExecutionId accountId region documentName currentStepName } }
  }
}
`;

/** GraphiQL's tabs when it has none stored. */
export const EXAMPLE_TABS = [
  { query: EXAMPLE_QUERY },
  { query: EXAMPLE_SUBSCRIPTION, variables: JSON.stringify({ id: 'from RunningNow', accountId: null, region: null }, null, 2) },
];
