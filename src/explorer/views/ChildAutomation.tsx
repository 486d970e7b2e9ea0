/**
 * What an aws:executeAutomation step leads to on the timeline: a link to its
 * child automation, naming the child's account and region when they are not
 * its parent's (a multi-account run), or, when the gateway gave no child, why:
 * the error on the step's `childAutomationExecution` (LOCATION_NOT_CONFIGURED:
 * the target location is not served; or that location failed).
 */
import type { GqlError } from '../client.ts';
import type { Step } from '../execution-data.ts';
import { formatLocation, sameLocation, type Located } from '../format.ts';
import { errorLocation, LocationTag, NodeLink } from '../ui.tsx';

type Child = NonNullable<Step['childAutomationExecution']>;

export function ChildLink({ child, parent }: { child: Child; parent: Located }) {
  const elsewhere = !sameLocation(child, parent);
  const name = child.documentName ?? child.automationExecutionId;
  return (
    <span class="child-link">
      →{' '}
      <NodeLink id={child.id} view="automation" aria-label={`Open child automation ${name}${elsewhere ? ` in ${formatLocation(child)}` : ''}`}>
        {child.documentName ?? 'child automation'}
      </NodeLink>
      {elsewhere ? <> <LocationTag of={child} /></> : null}
    </span>
  );
}

export function ChildProblem({ step, error }: { step: Step; error: GqlError }) {
  const where = errorLocation(error) ?? targetOf(step);
  const code = error.extensions?.code ?? 'ERROR';
  const childId = childIdOf(step);
  return (
    <p class="child-problem">
      <code>{code}</code>{' '}
      {code === 'LOCATION_NOT_CONFIGURED' ? (
        <>
          This step's child automation ran in {where ? <strong>{formatLocation(where)}</strong> : 'a location'}, which this gateway does not
          serve: add it to the gateway's locations (SSM_REGIONS, SSM_ACCOUNT_ROLES) to follow it.
        </>
      ) : (
        <>
          This step's child automation{where ? <> in <strong>{formatLocation(where)}</strong></> : null} could not be read: {error.message}
        </>
      )}
      {childId ? <> Its execution ID is <code>{childId}</code>.</> : null}
    </p>
  );
}

/** The step's single target location (a multi-account run's step), if it names one. */
function targetOf(step: Step): Located | undefined {
  const t = step.targetLocation;
  return t?.accounts?.length === 1 && t.regions?.length === 1 ? { accountId: t.accounts[0], region: t.regions[0] } : undefined;
}

/** The child's execution ID as the step's outputs record it (SSM's `ExecutionId` output). */
function childIdOf(step: Step): string | undefined {
  const id = (step.outputs as { ExecutionId?: unknown } | null | undefined)?.ExecutionId;
  return Array.isArray(id) && typeof id[0] === 'string' ? id[0] : undefined;
}
