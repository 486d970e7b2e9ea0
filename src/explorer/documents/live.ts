/**
 * The views' subscriptions (README, Live executions): the same fragments as
 * their queries (executions.ts), so each event replaces the view's data as a
 * refetch would. They name the execution by its ID and location, which the
 * view's first answer gives (a subscription field takes no global ID).
 */
import { graphql } from '../graphql.ts';
import { AutomationExecutionFields, WindowExecutionFields } from './executions.ts';

export const AutomationExecutionLive = graphql(`
  subscription AutomationExecutionLive($automationExecutionId: ID!, $accountId: ID, $region: String, $first: Int!) {
    automationExecution(automationExecutionId: $automationExecutionId, accountId: $accountId, region: $region) {
      __typename
      ...AutomationExecutionFields
      steps(first: $first) { pageInfo { hasNextPage } }
    }
  }
`, [AutomationExecutionFields]);

export const WindowExecutionLive = graphql(`
  subscription WindowExecutionLive($windowExecutionId: ID!, $accountId: ID, $region: String) {
    maintenanceWindowExecution(windowExecutionId: $windowExecutionId, accountId: $accountId, region: $region) {
      __typename
      ...WindowExecutionFields
    }
  }
`, [WindowExecutionFields]);
