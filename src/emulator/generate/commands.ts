/** Run Command: commands and their per-instance invocations. */
import type { Command, CommandInvocation, CommandInvocationStatus, CommandPluginStatus, CommandStatus } from '@aws-sdk/client-ssm';
import type { Ctx, Instance } from './run-state.ts';
import { HOUR, at, roleArn } from './prng.ts';

export type CommandOutcome = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled' | 'Cancelling' | 'InProgress' | 'Pending';

/** Documents and the plugin (step) each runs. */
export const COMMAND_DOCUMENTS: Record<string, { plugin: string; parameters: Record<string, string[]> }> = {
  'AWS-RunPatchBaseline': { plugin: 'PatchLinux', parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] } },
  'AWS-RunShellScript': { plugin: 'aws:runShellScript', parameters: { commands: ['df -h', 'uptime'] } },
  'AWS-RunPowerShellScript': { plugin: 'aws:runPowerShellScript', parameters: { commands: ['Get-Service | Where Status -eq Running'] } },
  'AWS-InstallWindowsUpdates': { plugin: 'aws:runPowerShellScript', parameters: { Action: ['Install'], AllowReboot: ['True'] } },
  'AWS-UpdateSSMAgent': { plugin: 'aws:updateSsmAgent', parameters: { allowDowngrade: ['false'] } },
  'AWS-ConfigureAWSPackage': { plugin: 'configurePackage', parameters: { action: ['Install'], name: ['AmazonCloudWatchAgent'] } },
  'AWS-GatherSoftwareInventory': { plugin: 'aws:softwareInventory', parameters: { applications: ['Enabled'] } },
};

const INVOCATION_DETAILS: Record<CommandInvocationStatus, string> = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Delayed: 'Delayed',
  Success: 'Success',
  Cancelled: 'Cancelled',
  TimedOut: 'ExecutionTimedOut',
  Failed: 'Failed',
  Cancelling: 'Cancelling',
};

const COMMAND_DETAILS: Record<CommandStatus, string> = {
  Pending: 'Pending',
  InProgress: 'InProgress',
  Success: 'Success',
  Cancelled: 'Cancelled',
  Failed: 'Failed',
  TimedOut: 'TimedOut',
  Cancelling: 'Cancelling',
};

const TERMINAL_INVOCATION = new Set<CommandInvocationStatus>(['Success', 'Failed', 'TimedOut', 'Cancelled']);

function invocationStatuses(ctx: Ctx, outcome: CommandOutcome, n: number): CommandInvocationStatus[] {
  const { rng } = ctx;
  const out: CommandInvocationStatus[] = Array.from({ length: n }, () => 'Success');
  const k = rng.int(0, n - 1);
  switch (outcome) {
    case 'Success':
      break;
    case 'Failed':
      out[k] = 'Failed';
      for (let i = 0; i < n; i++) if (i !== k && rng.chance(0.15)) out[i] = 'Failed';
      break;
    case 'TimedOut':
      out[k] = 'TimedOut';
      break;
    case 'Cancelled':
      out[k] = 'Cancelled';
      for (let i = 0; i < n; i++) if (i > k) out[i] = 'Cancelled';
      break;
    case 'Cancelling':
      out[k] = 'Cancelling';
      break;
    case 'InProgress':
      out[k] = 'InProgress';
      for (let i = 0; i < n; i++) if (i !== k) out[i] = rng.weighted([['Success', 3], ['InProgress', 2], ['Pending', 1], ['Delayed', 0.3]] as const);
      break;
    case 'Pending':
      out.fill('Pending');
      break;
  }
  return out;
}

const PLUGIN_STATUS: Record<CommandInvocationStatus, CommandPluginStatus> = {
  Pending: 'Pending',
  Delayed: 'Pending',
  InProgress: 'InProgress',
  Cancelling: 'InProgress',
  Success: 'Success',
  Failed: 'Failed',
  TimedOut: 'TimedOut',
  Cancelled: 'Cancelled',
};

export interface CommandSpec {
  document: string;
  instances: Instance[];
  requestedMs: number;
  outcome: CommandOutcome;
  comment?: string;
  serviceRole?: string;
  /** Range of per-instance run times in ms. */
  runMs?: [number, number];
}

/** Send a command: append it and one invocation per instance. Returns the command and its end time (if finished). */
export function sendCommand(ctx: Ctx, spec: CommandSpec): { command: Command; endMs?: number } {
  const { rng } = ctx;
  const commandId = rng.uuid();
  const doc = COMMAND_DOCUMENTS[spec.document] ?? COMMAND_DOCUMENTS['AWS-RunShellScript'];
  const [minRun, maxRun] = spec.runMs ?? [5_000, 240_000];
  const statuses = invocationStatuses(ctx, spec.outcome, spec.instances.length);
  const bucket = `ssm-output-${ctx.accountId}`;
  const { region } = ctx;
  let endMs = spec.requestedMs;
  spec.instances.forEach((inst, i) => {
    const status = statuses[i];
    const started = spec.requestedMs + rng.duration(300, 5_000);
    const finished = started + rng.duration(minRun, maxRun);
    const terminal = TERMINAL_INVOCATION.has(status);
    if (terminal && finished > endMs) endMs = finished;
    const prefix = `${spec.document}/${commandId}/${inst.id}/${doc.plugin.replace(':', '')}`;
    const code = status === 'Success' ? 0 : status === 'Failed' ? 1 : -1;
    const inv: CommandInvocation = {
      CommandId: commandId,
      InstanceId: inst.id,
      InstanceName: inst.name,
      Comment: spec.comment ?? '',
      DocumentName: spec.document,
      DocumentVersion: '$DEFAULT',
      RequestedDateTime: at(spec.requestedMs),
      Status: status,
      StatusDetails: INVOCATION_DETAILS[status],
      TraceOutput: '',
      StandardOutputUrl: `https://s3.${region}.amazonaws.com/${bucket}/${prefix}/stdout`,
      StandardErrorUrl: `https://s3.${region}.amazonaws.com/${bucket}/${prefix}/stderr`,
      CommandPlugins: [
        {
          Name: doc.plugin,
          Status: PLUGIN_STATUS[status],
          StatusDetails: INVOCATION_DETAILS[status],
          ResponseCode: code,
          ...(status === 'Pending' || status === 'Delayed' ? {} : { ResponseStartDateTime: at(started) }),
          ...(terminal ? { ResponseFinishDateTime: at(finished) } : {}),
          Output: status === 'Success' ? 'Completed successfully.' : status === 'Failed' ? 'failed to run commands: exit status 1' : '',
          StandardOutputUrl: `https://s3.${region}.amazonaws.com/${bucket}/${prefix}/stdout`,
          StandardErrorUrl: `https://s3.${region}.amazonaws.com/${bucket}/${prefix}/stderr`,
          OutputS3Region: region,
          OutputS3BucketName: bucket,
          OutputS3KeyPrefix: `${spec.document}/${commandId}/${inst.id}`,
        },
      ],
      ...(spec.serviceRole ? { ServiceRole: spec.serviceRole } : {}),
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: 'Command' },
      CloudWatchOutputConfig: { CloudWatchOutputEnabled: false },
    };
    ctx.d.commandInvocations.push(inv);
  });

  const cmdStatus: CommandStatus = spec.outcome;
  const completed = statuses.filter((st) => TERMINAL_INVOCATION.has(st)).length;
  const command: Command = {
    CommandId: commandId,
    DocumentName: spec.document,
    DocumentVersion: '$DEFAULT',
    Comment: spec.comment ?? '',
    ExpiresAfter: at(spec.requestedMs + 2 * HOUR),
    Parameters: doc.parameters,
    InstanceIds: spec.instances.map((x) => x.id),
    Targets: [],
    RequestedDateTime: at(spec.requestedMs),
    Status: cmdStatus,
    StatusDetails: COMMAND_DETAILS[cmdStatus],
    OutputS3Region: region,
    OutputS3BucketName: bucket,
    OutputS3KeyPrefix: spec.document,
    MaxConcurrency: '50',
    MaxErrors: '0',
    TargetCount: spec.instances.length,
    CompletedCount: completed,
    ErrorCount: statuses.filter((st) => st === 'Failed').length,
    DeliveryTimedOutCount: 0,
    ...(spec.serviceRole ? { ServiceRole: spec.serviceRole } : {}),
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: 'Command' },
    CloudWatchOutputConfig: { CloudWatchOutputEnabled: false },
    TimeoutSeconds: 3600,
  };
  ctx.d.commands.push(command);
  const finished = spec.outcome === 'Success' || spec.outcome === 'Failed' || spec.outcome === 'TimedOut' || spec.outcome === 'Cancelled';
  return finished ? { command, endMs } : { command };
}

export function maintenanceWindowRole(ctx: Ctx): string {
  return roleArn(ctx, 'MaintenanceWindowRole');
}
