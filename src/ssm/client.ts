/**
 * The SSM client and the single door every upstream call goes through.
 *
 * One `SSMClient` per account and region: its retry strategy (retry-strategy.ts:
 * the SDK's adaptive one, with a retry quota that refills with time) keeps its
 * token-bucket state and quota inside the client, so sharing it is what makes
 * the gateway back off as one caller. Region, credentials and endpoint come from the
 * standard AWS chain (`AWS_REGION`, `AWS_PROFILE`, `AWS_ENDPOINT_URL_SSM`, ...)
 * unless given here.
 */
import {
  SSMClient,
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeAutomationExecutionsCommand,
  DescribeAutomationStepExecutionsCommand,
  DescribeMaintenanceWindowExecutionsCommand,
  DescribeMaintenanceWindowExecutionTaskInvocationsCommand,
  DescribeMaintenanceWindowExecutionTasksCommand,
  DescribeMaintenanceWindowsCommand,
  GetAutomationExecutionCommand,
  GetMaintenanceWindowCommand,
  GetMaintenanceWindowExecutionCommand,
  GetMaintenanceWindowExecutionTaskCommand,
  GetMaintenanceWindowExecutionTaskInvocationCommand,
  ListAssociationsCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
} from '@aws-sdk/client-ssm';
import type * as S from '@aws-sdk/client-ssm';
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { RefillingRetryStrategy } from './retry-strategy.ts';

export const COMMANDS = {
  ListAssociations: ListAssociationsCommand,
  DescribeAssociation: DescribeAssociationCommand,
  DescribeAssociationExecutions: DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargets: DescribeAssociationExecutionTargetsCommand,
  DescribeAutomationExecutions: DescribeAutomationExecutionsCommand,
  GetAutomationExecution: GetAutomationExecutionCommand,
  DescribeAutomationStepExecutions: DescribeAutomationStepExecutionsCommand,
  DescribeMaintenanceWindows: DescribeMaintenanceWindowsCommand,
  GetMaintenanceWindow: GetMaintenanceWindowCommand,
  DescribeMaintenanceWindowExecutions: DescribeMaintenanceWindowExecutionsCommand,
  GetMaintenanceWindowExecution: GetMaintenanceWindowExecutionCommand,
  DescribeMaintenanceWindowExecutionTasks: DescribeMaintenanceWindowExecutionTasksCommand,
  GetMaintenanceWindowExecutionTask: GetMaintenanceWindowExecutionTaskCommand,
  DescribeMaintenanceWindowExecutionTaskInvocations: DescribeMaintenanceWindowExecutionTaskInvocationsCommand,
  GetMaintenanceWindowExecutionTaskInvocation: GetMaintenanceWindowExecutionTaskInvocationCommand,
  ListCommandInvocations: ListCommandInvocationsCommand,
  ListCommands: ListCommandsCommand,
} as const;

export type OperationName = keyof typeof COMMANDS;
export type OperationInput<Op extends OperationName> = OperationTypes[Op][0];
export type OperationOutput<Op extends OperationName> = Omit<OperationTypes[Op][1], '$metadata'>;

/** Input and output types of each operation, as the SDK declares them. */
export interface OperationTypes {
  ListAssociations: [S.ListAssociationsCommandInput, S.ListAssociationsCommandOutput];
  DescribeAssociation: [S.DescribeAssociationCommandInput, S.DescribeAssociationCommandOutput];
  DescribeAssociationExecutions: [S.DescribeAssociationExecutionsCommandInput, S.DescribeAssociationExecutionsCommandOutput];
  DescribeAssociationExecutionTargets: [S.DescribeAssociationExecutionTargetsCommandInput, S.DescribeAssociationExecutionTargetsCommandOutput];
  DescribeAutomationExecutions: [S.DescribeAutomationExecutionsCommandInput, S.DescribeAutomationExecutionsCommandOutput];
  GetAutomationExecution: [S.GetAutomationExecutionCommandInput, S.GetAutomationExecutionCommandOutput];
  DescribeAutomationStepExecutions: [S.DescribeAutomationStepExecutionsCommandInput, S.DescribeAutomationStepExecutionsCommandOutput];
  DescribeMaintenanceWindows: [S.DescribeMaintenanceWindowsCommandInput, S.DescribeMaintenanceWindowsCommandOutput];
  GetMaintenanceWindow: [S.GetMaintenanceWindowCommandInput, S.GetMaintenanceWindowCommandOutput];
  DescribeMaintenanceWindowExecutions: [S.DescribeMaintenanceWindowExecutionsCommandInput, S.DescribeMaintenanceWindowExecutionsCommandOutput];
  GetMaintenanceWindowExecution: [S.GetMaintenanceWindowExecutionCommandInput, S.GetMaintenanceWindowExecutionCommandOutput];
  DescribeMaintenanceWindowExecutionTasks: [S.DescribeMaintenanceWindowExecutionTasksCommandInput, S.DescribeMaintenanceWindowExecutionTasksCommandOutput];
  GetMaintenanceWindowExecutionTask: [S.GetMaintenanceWindowExecutionTaskCommandInput, S.GetMaintenanceWindowExecutionTaskCommandOutput];
  DescribeMaintenanceWindowExecutionTaskInvocations: [S.DescribeMaintenanceWindowExecutionTaskInvocationsCommandInput, S.DescribeMaintenanceWindowExecutionTaskInvocationsCommandOutput];
  GetMaintenanceWindowExecutionTaskInvocation: [S.GetMaintenanceWindowExecutionTaskInvocationCommandInput, S.GetMaintenanceWindowExecutionTaskInvocationCommandOutput];
  ListCommandInvocations: [S.ListCommandInvocationsCommandInput, S.ListCommandInvocationsCommandOutput];
  ListCommands: [S.ListCommandsCommandInput, S.ListCommandsCommandOutput];
}

export interface SsmClientOptions {
  region?: string;
  /** Overrides the endpoint (the emulator); otherwise the SDK honours AWS_ENDPOINT_URL_SSM. */
  endpoint?: string;
  credentials?: SSMClientConfig['credentials'];
  /** Attempts per call including the first (SSM_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Milliseconds an upstream call may take before it is abandoned (a hung endpoint). */
  requestTimeoutMs?: number;
  /**
   * Sockets the client may open (the SDK's default is 50): at least the calls the
   * door lets run at once, so a call is on the wire when the rate budget counts
   * its start, not queued in the agent behind others (rate-budget.ts).
   */
  maxSockets?: number;
}

export function createSsmClient(opts: SsmClientOptions = {}): SSMClient {
  const maxAttempts = opts.maxAttempts ?? 4;
  return new SSMClient({
    region: opts.region,
    endpoint: opts.endpoint,
    credentials: opts.credentials,
    maxAttempts,
    // Per client, as its quota and rate are: one client per location.
    retryStrategy: new RefillingRetryStrategy({ maxAttempts }),
    // Without throwOnRequestTimeout this SDK version only logs a warning when requestTimeout passes.
    requestHandler: {
      requestTimeout: opts.requestTimeoutMs ?? 10_000,
      connectionTimeout: 3_000,
      throwOnRequestTimeout: true,
      ...(opts.maxSockets ? { httpAgent: { maxSockets: opts.maxSockets }, httpsAgent: { maxSockets: opts.maxSockets } } : {}),
    },
  });
}
