/**
 * Multi-account, multi-region automations: a parent in the home location
 * (`AutomationType: 'CrossAccount'`, `TargetLocations`) with one
 * `aws:executeAutomation` step per target (`TargetLocation` naming one account
 * and one region, `Outputs.ExecutionId` the child), and each child in its
 * target location with `ParentAutomationExecutionId` pointing back. Targets the
 * estate does not serve get a step and a child ID, but no child record.
 */
import type { StepExecution } from '@aws-sdk/client-ssm';
import type { AutomationExecutionRecord } from '../dataset.ts';
import { RUNBOOKS, runAutomation } from './automation.ts';
import { DAY, HOUR, MINUTE, at, type Rng } from './prng.ts';
import type { Ctx } from './run-state.ts';

export interface CrossAccountTarget {
  accountId: string;
  region: string;
  /** The target location's run state; absent when the estate does not serve it. */
  ctx?: Ctx;
}

const DOCUMENT = 'AWS-RestartEC2Instance';
/** The role SSM assumes in each target account (the documented default name). */
export const EXECUTION_ROLE_NAME = 'AWS-SystemsManager-AutomationExecutionRole';

/**
 * Appends a CrossAccount parent to `home` and its children to the served targets.
 * `failAt`: index of the served target whose child fails (the parent fails with it); -1 for none.
 */
export function crossAccountAutomation(home: Ctx, rng: Rng, targets: CrossAccountTarget[], startMs: number, failAt: number): AutomationExecutionRecord {
  const id = rng.uuid();
  const role = `arn:aws:iam::${home.accountId}:role/AWS-SystemsManager-AutomationAdministrationRole`;
  const steps: StepExecution[] = [];
  let cursor = startMs + rng.duration(500, 3_000);
  let failed = false;
  for (const [i, t] of targets.entries()) {
    if (failed) break; // OnFailure: Abort: no later target runs
    const step: StepExecution = {
      StepName: `${DOCUMENT}-${t.accountId}-${t.region}`,
      Action: 'aws:executeAutomation',
      StepExecutionId: rng.uuid(),
      OnFailure: 'Abort',
      MaxAttempts: 1,
      TimeoutSeconds: 3600,
      IsCritical: true,
      IsEnd: i === targets.length - 1 || i === failAt,
      ...(i < targets.length - 1 && i !== failAt ? { NextStep: `${DOCUMENT}-${targets[i + 1].accountId}-${targets[i + 1].region}` } : {}),
      TargetLocation: { Accounts: [t.accountId], Regions: [t.region], ExecutionRoleName: EXECUTION_ROLE_NAME },
      ExecutionStartTime: at(cursor),
      Inputs: { DocumentName: DOCUMENT, RuntimeParameters: JSON.stringify({ AutomationAssumeRole: [`arn:aws:iam::${t.accountId}:role/${EXECUTION_ROLE_NAME}`] }) },
    };
    let childId: string;
    let status: 'Success' | 'Failed' = 'Success';
    if (t.ctx) {
      const fleet = t.ctx.fleet;
      const child = runAutomation({ ...t.ctx, rng }, {
        runbook: RUNBOOKS[DOCUMENT],
        startMs: cursor + rng.duration(500, 4_000),
        outcome: i === failAt ? 'Failed' : 'Success',
        parentId: id,
        instanceIds: [fleet[rng.int(0, fleet.length - 1)].id],
        executedBy: `arn:aws:sts::${t.accountId}:assumed-role/${EXECUTION_ROLE_NAME}/${id}`,
      });
      childId = child.AutomationExecutionId!;
      status = child.AutomationExecutionStatus === 'Failed' ? 'Failed' : 'Success';
      cursor = child.ExecutionEndTime!.getTime() + rng.duration(500, 3_000);
    } else {
      childId = rng.uuid(); // ran where the estate does not look
      cursor += rng.duration(MINUTE, 5 * MINUTE);
    }
    step.Outputs = { ExecutionId: [childId], Status: [status] };
    step.StepStatus = status;
    step.ExecutionEndTime = at(cursor);
    if (status === 'Failed') {
      step.FailureMessage = `Step fails when it is executing. Fail message: Automation execution ${childId} in ${t.accountId} ${t.region} failed.`;
      failed = true;
    }
    steps.push(step);
  }
  const rec: AutomationExecutionRecord = {
    AutomationExecutionId: id,
    DocumentName: DOCUMENT,
    DocumentVersion: '1',
    AutomationExecutionStatus: failed ? 'Failed' : 'Success',
    AutomationType: 'CrossAccount',
    ExecutionStartTime: at(startMs),
    ExecutionEndTime: at(cursor),
    StepExecutions: steps,
    StepExecutionsTruncated: false,
    Parameters: { AutomationAssumeRole: [role] },
    Mode: 'Auto',
    ExecutedBy: `arn:aws:sts::${home.accountId}:assumed-role/OpsAdmin/ops-${rng.int(1, 9)}`,
    TargetLocations: [
      {
        Accounts: [...new Set(targets.map((t) => t.accountId))],
        Regions: [...new Set(targets.map((t) => t.region))],
        TargetLocationMaxConcurrency: '1',
        TargetLocationMaxErrors: '1',
        ExecutionRoleName: EXECUTION_ROLE_NAME,
      },
    ],
    CurrentStepName: steps[steps.length - 1].StepName,
    CurrentAction: 'aws:executeAutomation',
    LogFile: `s3://ssm-automation-logs-${home.accountId}-${home.region}/${id}.log`,
  };
  if (failed) rec.FailureMessage = steps.find((s) => s.FailureMessage)!.FailureMessage;
  home.d.automationExecutions.push(rec);
  return rec;
}

/** When the estate's cross-account runs start: some days back from `now`. */
export const crossAccountStart = (now: number, i: number, rng: Rng): number => now - (i + 1) * 2 * DAY - rng.duration(0, 6 * HOUR);
