/**
 * The large (benchmark) size: at least 10,000 step executions and 1,000
 * maintenance window executions, deep loops, associations with hundreds of
 * executions; every reference resolves and the same seed gives the same data.
 * Generation speed is measured by `npm run bench`, not asserted here (timed
 * unit tests flake on shared machines).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/emulator/dataset.ts';
import { describeDataset, generateDataset } from '../../src/emulator/generate.ts';
import { checkIntegrity, checkTimes, groupBy, loopDepth } from './dataset-checks.ts';

describe('generateDataset (large)', () => {
  let d: Dataset;
  beforeAll(() => {
    d = generateDataset({ seed: 3, size: 'large' });
  });

  it('meets the large size guarantees', () => {
    const s = describeDataset(d);
    expect(s.stepExecutions).toBeGreaterThanOrEqual(10_000);
    expect(s.maintenanceWindowExecutions).toBeGreaterThanOrEqual(1_000);
    const big = d.automationExecutions.find((a) => (a.StepExecutions?.length ?? 0) >= 500);
    expect(big).toBeDefined();
    expect(big!.StepExecutions!.filter((st) => st.ParentStepDetails).length).toBeGreaterThan(400);
    expect(loopDepth(big!)).toBeGreaterThanOrEqual(2);
    const perAssociation = groupBy(d.associationExecutions, (e) => e.AssociationId);
    expect([...perAssociation.values()].filter((l) => l.length > 0).length).toBeGreaterThanOrEqual(50);
    expect([...perAssociation.values()].filter((l) => l.length >= 100).length).toBeGreaterThanOrEqual(3);
    expect(d.associations.some((a) => !perAssociation.has(a.AssociationId!))).toBe(true);
  });

  it('has every reference resolve and consistent times', () => {
    checkIntegrity(d);
    checkTimes(d);
  });

  it('is deterministic: the same seed gives the same data', () => {
    expect(JSON.stringify(generateDataset({ seed: 3, size: 'large' }))).toBe(JSON.stringify(d));
  });
});
