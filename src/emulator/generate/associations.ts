/** State Manager associations, their executions and the executions' targets. */
import type { AssociationDescription, AssociationExecution, AssociationExecutionTarget } from '@aws-sdk/client-ssm';
import type { Ctx, Instance } from './run-state.ts';
import { DAY, HOUR, MINUTE, at } from './prng.ts';

interface AssociationTemplate {
  name: string;
  document: string;
  schedule: string;
  intervalMs: number;
  parameters: Record<string, string[]>;
}

export const ASSOCIATION_TEMPLATES: AssociationTemplate[] = [
  { name: 'inventory-collection', document: 'AWS-GatherSoftwareInventory', schedule: 'rate(30 minutes)', intervalMs: 30 * MINUTE, parameters: { applications: ['Enabled'], awsComponents: ['Enabled'] } },
  { name: 'update-ssm-agent', document: 'AWS-UpdateSSMAgent', schedule: 'rate(14 days)', intervalMs: 14 * DAY, parameters: { allowDowngrade: ['false'] } },
  { name: 'patch-scan-daily', document: 'AWS-RunPatchBaseline', schedule: 'cron(0 3 * * ? *)', intervalMs: DAY, parameters: { Operation: ['Scan'] } },
  { name: 'install-cloudwatch-agent', document: 'AWS-ConfigureAWSPackage', schedule: 'rate(7 days)', intervalMs: 7 * DAY, parameters: { action: ['Install'], name: ['AmazonCloudWatchAgent'] } },
  { name: 'harden-ssh-config', document: 'AWS-RunShellScript', schedule: 'rate(1 hour)', intervalMs: HOUR, parameters: { commands: ['/opt/ops/harden-ssh.sh'] } },
  { name: 'windows-defender-scan', document: 'AWS-RunPowerShellScript', schedule: 'cron(0 1 ? * * *)', intervalMs: DAY, parameters: { commands: ['Start-MpScan -ScanType QuickScan'] } },
  { name: 'ansible-baseline', document: 'AWS-ApplyAnsiblePlaybooks', schedule: 'rate(4 hours)', intervalMs: 4 * HOUR, parameters: { playbookFile: ['baseline.yml'] } },
  { name: 'patch-install-weekly', document: 'AWS-RunPatchBaseline', schedule: 'cron(0 4 ? * SUN *)', intervalMs: 7 * DAY, parameters: { Operation: ['Install'] } },
];

export interface AssociationPlan {
  template: AssociationTemplate;
  suffix: string;
  executions: number;
  targets: number;
}

function countString(counts: Map<string, number>): string {
  return `{${[...counts].map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

export function generateAssociation(ctx: Ctx, plan: AssociationPlan): void {
  const { rng } = ctx;
  const t = plan.template;
  const id = rng.uuid();
  const n = plan.executions;
  const linux = t.document !== 'AWS-RunPowerShellScript';
  const pool = ctx.fleet.filter((i) => (linux ? i.platform === 'Linux' : i.platform === 'Windows'));
  const targets: Instance[] = rng.sample(pool.length ? pool : ctx.fleet, plan.targets);
  const byTag = rng.chance(0.5);
  const version = n === 0 ? 1 : rng.int(1, Math.min(4, n));

  // Executions, oldest first, one per schedule interval back from the anchor.
  const execs: AssociationExecution[] = [];
  const firstMs = ctx.now - n * t.intervalMs;
  const created = n === 0 ? ctx.now - rng.duration(2 * MINUTE, 30 * MINUTE) : firstMs - rng.duration(MINUTE, 2 * HOUR);
  let versionStart = created;
  for (let i = 0; i < n; i++) {
    const createdMs = firstMs + i * t.intervalMs + rng.duration(0, Math.min(t.intervalMs / 4, 5 * MINUTE));
    const v = Math.min(version, 1 + Math.floor((i * version) / n));
    if (v === version && versionStart === created && version > 1) versionStart = createdMs - rng.duration(MINUTE, 10 * MINUTE);
    const latest = i === n - 1;
    const overall = latest ? rng.weighted([['Success', 6], ['Failed', 2], ['InProgress', 1], ['Pending', 1]] as const) : rng.weighted([['Success', 85], ['Failed', 15]] as const);
    const execId = rng.uuid();
    const counts = new Map<string, number>();
    let lastMs = createdMs;
    const instanceStatus = targets.map((_, k) => {
      if (overall === 'Success') return 'Success';
      if (overall === 'Pending') return 'Pending';
      if (overall === 'InProgress') return k === 0 ? 'InProgress' : rng.weighted([['Success', 2], ['InProgress', 1], ['Pending', 1]] as const);
      return k === 0 || rng.chance(0.25) ? 'Failed' : 'Success';
    });
    targets.forEach((inst, k) => {
      const st = instanceStatus[k];
      const when = createdMs + rng.duration(2_000, 90_000);
      if (st !== 'Pending' && when > lastMs) lastMs = when;
      const detailed = st === 'Failed' ? rng.weighted([['Failed', 4], ['TimedOut', 1]] as const) : st;
      const target: AssociationExecutionTarget = {
        AssociationId: id,
        AssociationVersion: String(v),
        ExecutionId: execId,
        ResourceId: inst.id,
        ResourceType: 'ManagedInstance',
        Status: st,
        DetailedStatus: detailed,
        LastExecutionDate: at(st === 'Pending' ? createdMs : when),
      };
      if (st !== 'Pending') target.OutputSource = { OutputSourceId: rng.uuid(), OutputSourceType: 'RunCommand' };
      ctx.d.associationExecutionTargets.push(target);
      counts.set(st, (counts.get(st) ?? 0) + 1);
    });
    const ordered = new Map([...counts].sort((a, b) => order(a[0]) - order(b[0])));
    const exec: AssociationExecution = {
      AssociationId: id,
      AssociationVersion: String(v),
      ExecutionId: execId,
      Status: overall,
      DetailedStatus: overall,
      CreatedTime: at(createdMs),
      ResourceCountByStatus: countString(ordered),
    };
    if (overall !== 'Pending') exec.LastExecutionDate = at(lastMs);
    execs.push(exec);
  }
  ctx.d.associationExecutions.push(...execs);

  const last = execs[execs.length - 1];
  const lastSuccess = [...execs].reverse().find((e) => e.Status === 'Success');
  const aggregated: Record<string, number> = {};
  for (const tg of ctx.d.associationExecutionTargets.slice(-targets.length)) if (last && tg.ExecutionId === last.ExecutionId) aggregated[tg.Status!] = (aggregated[tg.Status!] ?? 0) + 1;
  const desc: AssociationDescription = {
    Name: t.document,
    AssociationVersion: String(version),
    Date: at(created),
    LastUpdateAssociationDate: at(versionStart),
    Overview: last
      ? { Status: last.Status === 'Success' ? 'Success' : last.Status === 'Failed' ? 'Failed' : 'Pending', DetailedStatus: last.DetailedStatus, AssociationStatusAggregatedCount: aggregated }
      : { Status: 'Pending', DetailedStatus: 'Creating', AssociationStatusAggregatedCount: {} },
    DocumentVersion: '$DEFAULT',
    Parameters: t.parameters,
    AssociationId: id,
    Targets: byTag ? [{ Key: 'tag:PatchGroup', Values: [`${t.name}${plan.suffix}`] }] : [{ Key: 'InstanceIds', Values: targets.map((x) => x.id) }],
    ScheduleExpression: t.schedule,
    AssociationName: `${t.name}${plan.suffix}`,
    MaxErrors: '10%',
    MaxConcurrency: '50%',
    ComplianceSeverity: rng.pick(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNSPECIFIED'] as const),
    SyncCompliance: 'AUTO',
    ApplyOnlyAtCronInterval: n === 0 && t.schedule.startsWith('cron'),
  };
  if (last?.LastExecutionDate) desc.LastExecutionDate = at(last.LastExecutionDate.getTime());
  if (lastSuccess?.LastExecutionDate) desc.LastSuccessfulExecutionDate = at(lastSuccess.LastExecutionDate.getTime());
  if (rng.chance(0.3)) desc.OutputLocation = { S3Location: { OutputS3Region: ctx.region, OutputS3BucketName: `ssm-association-output-${ctx.accountId}`, OutputS3KeyPrefix: t.name } };
  ctx.d.associations.push(desc);
}

function order(status: string): number {
  return ['Success', 'Failed', 'InProgress', 'Pending'].indexOf(status);
}
