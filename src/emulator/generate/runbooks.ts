/**
 * Runbooks as the generator plays them: a tree of steps, `aws:loop`s (which may
 * nest) and `aws:executeAutomation` children, plus the plan walks the player
 * needs before it starts (how many leaf steps run, where an approval sits).
 */

/** A step of a runbook, as the generator plays it. */
export type StepPlan =
  | { kind: 'step'; name: string; action: string }
  | { kind: 'loop'; name: string; iterator: 'instances' | 'volumes' | 'regions'; count: number; body: StepPlan[] }
  | { kind: 'child'; name: string; document: string };

export interface Runbook {
  document: string;
  steps: StepPlan[];
}

const s = (name: string, action: string): StepPlan => ({ kind: 'step', name, action });

/** Runbooks by document name. Children of `aws:executeAutomation` steps are looked up here. */
export const RUNBOOKS: Record<string, Runbook> = {
  'AWS-RestartEC2Instance': {
    document: 'AWS-RestartEC2Instance',
    steps: [s('stopInstances', 'aws:changeInstanceState'), s('startInstances', 'aws:changeInstanceState')],
  },
  'AWS-StopEC2Instance': { document: 'AWS-StopEC2Instance', steps: [s('stopInstances', 'aws:changeInstanceState')] },
  'AWS-CreateImage': { document: 'AWS-CreateImage', steps: [s('createImage', 'aws:createImage')] },
  'AWS-CreateSnapshot': {
    document: 'AWS-CreateSnapshot',
    steps: [s('createSnapshot', 'aws:executeAwsApi'), s('verifySnapshot', 'aws:assertAwsResourceProperty')],
  },
  'AWS-UpdateLinuxAmi': {
    document: 'AWS-UpdateLinuxAmi',
    steps: [
      s('launchInstance', 'aws:runInstances'),
      s('updateOSSoftware', 'aws:runCommand'),
      s('stopInstance', 'aws:changeInstanceState'),
      s('createImage', 'aws:createImage'),
      s('createTags', 'aws:createTags'),
      s('terminateInstance', 'aws:changeInstanceState'),
    ],
  },
  'AWS-PatchInstanceWithRollback': {
    document: 'AWS-PatchInstanceWithRollback',
    steps: [
      s('backupInstance', 'aws:createImage'),
      s('installPatches', 'aws:runCommand'),
      s('branchOnResult', 'aws:branch'),
      s('verifyCompliance', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-ApprovedPatching': {
    document: 'Custom-ApprovedPatching',
    steps: [
      s('describeTargets', 'aws:executeAwsApi'),
      s('requestApproval', 'aws:approve'),
      s('installPatches', 'aws:runCommand'),
      s('verifyCompliance', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-RotateLogs': {
    document: 'Custom-RotateLogs',
    steps: [
      s('listInstances', 'aws:executeAwsApi'),
      { kind: 'loop', name: 'rotateEachInstance', iterator: 'instances', count: 4, body: [s('rotateLogs', 'aws:runCommand'), s('checkDisk', 'aws:executeScript')] },
      s('summarize', 'aws:executeScript'),
    ],
  },
  'Custom-SnapshotAndRestart': {
    document: 'Custom-SnapshotAndRestart',
    steps: [
      s('validateInput', 'aws:executeScript'),
      { kind: 'child', name: 'snapshotRootVolume', document: 'AWS-CreateSnapshot' },
      { kind: 'child', name: 'restartInstance', document: 'AWS-RestartEC2Instance' },
      s('sleepForHealthCheck', 'aws:sleep'),
      s('assertRunning', 'aws:assertAwsResourceProperty'),
    ],
  },
  'Custom-FleetRollout': {
    document: 'Custom-FleetRollout',
    steps: [
      s('validateInput', 'aws:executeScript'),
      { kind: 'child', name: 'snapshotCanary', document: 'Custom-SnapshotAndRestart' },
      { kind: 'loop', name: 'rolloutRegions', iterator: 'regions', count: 3, body: [s('deployToRegion', 'aws:executeAwsApi'), s('waitForDeploy', 'aws:assertAwsResourceProperty')] },
      s('notify', 'aws:executeAwsApi'),
    ],
  },
};

/** A large runbook: an outer loop over instances holding an inner loop over volumes, plus a child automation. */
export function fleetPatchRunbook(outer: number, inner: number): Runbook {
  return {
    document: 'Custom-PatchAndSnapshotFleet',
    steps: [
      s('validateInput', 'aws:executeScript'),
      s('getTargetInstances', 'aws:executeAwsApi'),
      { kind: 'child', name: 'createGoldenImage', document: 'AWS-CreateImage' },
      {
        kind: 'loop',
        name: 'forEachInstance',
        iterator: 'instances',
        count: outer,
        body: [
          s('assertInstanceRunning', 'aws:assertAwsResourceProperty'),
          {
            kind: 'loop',
            name: 'snapshotEachVolume',
            iterator: 'volumes',
            count: inner,
            body: [s('createSnapshot', 'aws:executeAwsApi'), s('waitForSnapshot', 'aws:sleep'), s('tagSnapshot', 'aws:createTags')],
          },
          s('installPatches', 'aws:runCommand'),
        ],
      },
      { kind: 'child', name: 'restartPatchedFleet', document: 'AWS-RestartEC2Instance' },
      s('branchOnCompliance', 'aws:branch'),
      s('publishReport', 'aws:executeScript'),
    ],
  };
}

/** How many leaf steps (plain steps and children) a plan runs when every loop runs all its iterations. */
export function countLeaves(plan: StepPlan[]): number {
  let n = 0;
  for (const p of plan) n += p.kind === 'loop' ? p.count * countLeaves(p.body) : 1;
  return n;
}

/**
 * The leaf index (in execution order, as `countLeaves` counts) of the first plain
 * step running `action`, or -1 when the plan has none.
 */
export function firstLeafIndex(plan: StepPlan[], action: string): number {
  let i = 0;
  const walk = (ps: StepPlan[]): boolean => {
    for (const p of ps) {
      if (p.kind === 'loop') {
        for (let k = 0; k < p.count; k++) if (walk(p.body)) return true;
      } else if (p.kind === 'step' && p.action === action) return true;
      else i++;
    }
    return false;
  };
  return walk(plan) ? i : -1;
}
