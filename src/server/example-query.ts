/**
 * What GraphiQL opens with: two tabs. The first, a nested execution tree in
 * one request that shows the graph off on the demo's estate (loops, nested
 * steps, child automations, a multi-account run's children); the second, a live subscription (src/server/live/) with the
 * query that finds what to watch.
 */
export const EXAMPLE_QUERY = /* GraphQL */ `# A nested execution tree in one request, across every served account and region.
# Each connection maps onto SSM's NextToken; extensions.cost says what it cost.
query AutomationTree {
  # A fleet-patching runbook: loop iterations (iteration, iteratorValue, parentStep)
  # and the child automations its steps started.
  patching: automationExecutions(first: 1, filter: { documentNamePrefix: "Custom-PatchAndSnapshotFleet" }) {
    edges {
      node {
        accountId
        region
        automationExecutionId
        documentName
        automationExecutionStatus
        executionStartTime
        steps(first: 20) {
          pageInfo { hasNextPage endCursor }
          edges {
            node {
              stepName
              action
              stepStatus
              iteration
              iteratorValue
              parentStep { stepName iteration }
              childAutomationExecution { automationExecutionId documentName automationExecutionStatus }
            }
          }
        }
      }
    }
  }
  # A multi-account run: each target account and region ran a child execution there.
  multiAccount: automationExecutions(first: 1, filter: { automationType: CrossAccount }) {
    edges {
      node {
        accountId
        region
        documentName
        automationExecutionStatus
        targetLocations { accounts regions }
        steps(first: 10) {
          edges {
            node {
              stepName
              stepStatus
              targetLocation { accounts regions }
              childAutomationExecution { accountId region automationExecutionStatus }
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
