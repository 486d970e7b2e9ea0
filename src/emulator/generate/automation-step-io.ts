/**
 * What a generated automation step says it consumed and produced: `Inputs` and
 * `Outputs` per action, and the values a loop iterates over. Each draws from
 * the context's PRNG, so callers must keep calling them in the same order for a
 * seed to keep giving the same data.
 */
import type { Ctx } from './run-state.ts';
import { roleArn } from './prng.ts';

/** A step's `Inputs`, as SSM shows them for `action` run against instance `target`. */
export function inputsFor(action: string, ctx: Ctx, target: string): Record<string, string> {
  switch (action) {
    case 'aws:changeInstanceState':
      return { InstanceIds: JSON.stringify([target]), DesiredState: ctx.rng.chance(0.5) ? 'stopped' : 'running' };
    case 'aws:runCommand':
      return { DocumentName: 'AWS-RunShellScript', InstanceIds: JSON.stringify([target]) };
    case 'aws:executeAwsApi':
      return { Service: 'ec2', Api: 'DescribeInstances' };
    case 'aws:createImage':
      return { InstanceId: target, ImageName: `image-${target}` };
    case 'aws:sleep':
      return { Duration: 'PT1M' };
    case 'aws:approve':
      return { Approvers: JSON.stringify([roleArn(ctx, 'ChangeApprovers')]), MinRequiredApprovals: '1' };
    case 'aws:executeScript':
      return { Runtime: 'python3.11', Handler: 'handler' };
    default:
      return {};
  }
}

/** A step's `Outputs`, or undefined for actions whose steps report none. */
export function outputsFor(action: string, ctx: Ctx): Record<string, string[]> | undefined {
  switch (action) {
    case 'aws:runCommand':
      return { CommandId: [ctx.rng.uuid()], Status: ['Success'] };
    case 'aws:createImage':
      return { ImageId: [`ami-${ctx.rng.hex(17)}`], ImageState: ['available'] };
    case 'aws:executeAwsApi':
      return { 'OutputPayload': [JSON.stringify({ RequestId: ctx.rng.uuid() })] };
    case 'aws:runInstances':
      return { InstanceIds: [`i-${ctx.rng.hex(17)}`] };
    default:
      return undefined;
  }
}

/** The `i`th value a loop over `kind` iterates: instances of the execution (else the fleet), a region, or a fresh volume ID. */
export function iteratorValue(ctx: Ctx, kind: 'instances' | 'volumes' | 'regions', i: number, instanceIds: string[]): string {
  if (kind === 'instances') return instanceIds[i % instanceIds.length] ?? ctx.fleet[i % ctx.fleet.length].id;
  if (kind === 'regions') return ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1'][i % 5];
  return `vol-${ctx.rng.hex(17)}`;
}
