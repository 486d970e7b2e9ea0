/**
 * A maintenance window task's invocations and what each started: a command
 * (RUN_COMMAND), an automation execution (AUTOMATION), or the Lambda / Step
 * Functions execution IDs SSM records for the other task types.
 */
import type { MaintenanceWindowExecutionTaskInvocationIdentity } from '@aws-sdk/client-ssm';
import { RUNBOOKS, runAutomation } from './automation.ts';
import { sendCommand, maintenanceWindowRole } from './commands.ts';
import type { Ctx, Instance } from './run-state.ts';
import { MINUTE, at } from './prng.ts';
import { STATUS_DETAILS, TERMINAL, startedOutcome, type Status } from './window-status.ts';
import { taskArn, type TaskTemplate } from './window-templates.ts';

/**
 * Create a task's invocations and what they started; returns when the last finished invocation ended.
 * In a task that did not succeed, a random invocation takes the task's status and later ones
 * follow from it (still running or pending, cancelled, or now and then failed too).
 */
export function taskInvocations(ctx: Ctx, weId: string, taskId: string, task: TaskTemplate, taskStart: number, taskStatus: Status, targetIds: string[], pool: Instance[]): number {
  const { rng } = ctx;
  const n = task.invocations;
  const statuses: Status[] = Array.from({ length: n }, () => 'SUCCESS');
  const k = rng.int(0, n - 1);
  if (taskStatus !== 'SUCCESS') {
    statuses[k] = taskStatus;
    for (let i = k + 1; i < n; i++) {
      if (taskStatus === 'IN_PROGRESS') statuses[i] = rng.chance(0.5) ? 'IN_PROGRESS' : 'PENDING';
      else if (taskStatus === 'CANCELLED' || taskStatus === 'CANCELLING') statuses[i] = 'CANCELLED';
      else if (taskStatus === 'FAILED' && rng.chance(0.2)) statuses[i] = 'FAILED';
    }
  }
  const per = task.perInvocation ?? 1;
  let end = taskStart;
  for (let i = 0; i < n; i++) {
    const st = statuses[i];
    const instances = Array.from({ length: per }, (_, j) => pool[(i * per + j + rng.int(0, 1)) % pool.length]);
    const uniq = [...new Map(instances.map((x) => [x.id, x])).values()];
    const start = taskStart + rng.duration(100, 4_000) + Math.floor(i / 5) * rng.duration(10_000, 60_000);
    const inv: MaintenanceWindowExecutionTaskInvocationIdentity = {
      WindowExecutionId: weId,
      TaskExecutionId: taskId,
      InvocationId: rng.uuid(),
      TaskType: task.type,
      Status: st,
      WindowTargetId: targetIds[i % targetIds.length],
    };
    if (st !== 'SUCCESS' && STATUS_DETAILS[st]) inv.StatusDetails = STATUS_DETAILS[st]!.replace('maintenance window execution', 'invocation');
    ctx.d.maintenanceWindowExecutionTaskInvocations.push(inv);
    if (st === 'PENDING') continue;
    inv.StartTime = at(start);
    let invEnd: number | undefined;
    switch (task.type) {
      case 'RUN_COMMAND': {
        const { command, endMs } = sendCommand(ctx, {
          document: task.arn,
          instances: uniq,
          requestedMs: start + rng.duration(50, 500),
          outcome: startedOutcome(st),
          comment: `Maintenance window task ${taskId.slice(0, 8)}`,
          serviceRole: maintenanceWindowRole(ctx),
          runMs: [5_000, 180_000],
        });
        inv.ExecutionId = command.CommandId;
        inv.Parameters = JSON.stringify({
          comment: command.Comment,
          documentName: task.arn,
          instanceIds: command.InstanceIds,
          maxConcurrency: '2',
          maxErrors: '1',
          parameters: command.Parameters,
          timeoutSeconds: 600,
        });
        invEnd = endMs;
        break;
      }
      case 'AUTOMATION': {
        const auto = runAutomation(ctx, {
          runbook: RUNBOOKS[task.arn],
          startMs: start + rng.duration(50, 500),
          outcome: startedOutcome(st),
          instanceIds: uniq.map((x) => x.id),
          executedBy: maintenanceWindowRole(ctx),
          stepMs: [2_000, 60_000],
        });
        inv.ExecutionId = auto.AutomationExecutionId;
        inv.Parameters = JSON.stringify({ documentName: task.arn, documentVersion: auto.DocumentVersion, parameters: { InstanceId: auto.Parameters?.InstanceId } });
        invEnd = auto.ExecutionEndTime?.getTime();
        break;
      }
      case 'LAMBDA': {
        inv.ExecutionId = rng.uuid();
        inv.Parameters = JSON.stringify({ functionName: taskArn(ctx, task), qualifier: '$LATEST', payload: JSON.stringify({ windowExecutionId: weId }) });
        invEnd = start + rng.duration(300, 30_000);
        break;
      }
      case 'STEP_FUNCTIONS': {
        const name = `mw-${weId.slice(0, 8)}-${rng.hex(6)}`;
        inv.ExecutionId = `${taskArn(ctx, task).replace(':stateMachine:', ':execution:')}:${name}`;
        inv.Parameters = JSON.stringify({ name, input: JSON.stringify({ windowExecutionId: weId }) });
        invEnd = start + rng.duration(20_000, 20 * MINUTE);
        break;
      }
    }
    if (TERMINAL.has(st) && invEnd !== undefined) {
      inv.EndTime = at(invEnd);
      if (invEnd > end) end = invEnd;
    }
  }
  return end;
}
