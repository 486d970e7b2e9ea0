import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/emulator/generate.ts';
import { DatasetFileError, datasetToJson, loadDatasetFile, parseDataset, validateDatasetIntegrity } from '../../src/emulator/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'ssm-graph-load-'));
function writeDataset(json: unknown, name = 'dataset.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

/** A small valid file (as the AWS CLI prints it) to break in each test. */
function base(): Record<string, any[]> {
  const we = (n: number) => `a06e9f91-3b9c-4c3e-8bd4-${String(n).padStart(12, '0')}`;
  return {
    maintenanceWindows: [{ WindowId: 'mw-0123456789abcdef0', Name: 'patching', Duration: 2, Cutoff: 0, CreatedDate: '2025-12-01T00:00:00Z' }],
    maintenanceWindowExecutions: [0, 1, 2, 3].map((n) => ({
      WindowId: 'mw-0123456789abcdef0',
      WindowExecutionId: we(n),
      Status: 'SUCCESS',
      StartTime: '2025-12-30T02:00:00Z',
      EndTime: '2025-12-30T02:10:00Z',
      TaskIds: n === 0 ? ['f407ba63-998f-4b89-8467-000000000001'] : [],
    })),
    maintenanceWindowExecutionTasks: [
      { WindowExecutionId: we(0), TaskExecutionId: 'f407ba63-998f-4b89-8467-000000000001', TaskArn: 'AWS-RunShellScript', Type: 'RUN_COMMAND', Status: 'SUCCESS' },
    ],
    maintenanceWindowExecutionTaskInvocations: [
      {
        WindowExecutionId: we(0),
        TaskExecutionId: 'f407ba63-998f-4b89-8467-000000000001',
        InvocationId: 'c2d5a1f0-0000-4000-8000-000000000001',
        ExecutionId: '5b1c9f3e-7d2a-4e6b-9c8d-000000000001',
        TaskType: 'RUN_COMMAND',
        Status: 'SUCCESS',
      },
    ],
    commands: [{ CommandId: '5b1c9f3e-7d2a-4e6b-9c8d-000000000001', DocumentName: 'AWS-RunShellScript', Status: 'Success', RequestedDateTime: 1767060000 }],
    commandInvocations: [{ CommandId: '5b1c9f3e-7d2a-4e6b-9c8d-000000000001', InstanceId: 'i-0123456789abcdef0', Status: 'Success' }],
    automationExecutions: [
      {
        AutomationExecutionId: '0b1a2c3d-4e5f-4a6b-8c7d-000000000001',
        DocumentName: 'Custom-Loop',
        AutomationExecutionStatus: 'Success',
        StepExecutions: [
          { StepExecutionId: 's-1', StepName: 'loop', Action: 'aws:loop', StepStatus: 'Success' },
          { StepExecutionId: 's-2', StepName: 'work', Action: 'aws:executeScript', StepStatus: 'Success', ParentStepDetails: { StepExecutionId: 's-1', StepName: 'loop', Action: 'aws:loop', Iteration: 1, IteratorValue: 'a' } },
        ],
      },
    ],
  };
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetFileError);
    return (e as Error).message;
  }
  throw new Error('expected a DatasetFileError');
}

describe('parseDataset / datasetToJson', () => {
  it('round-trips a generated dataset (through JSON text too)', () => {
    const d = generateDataset({ seed: 5 });
    expect(parseDataset(datasetToJson(d))).toStrictEqual(d);
    expect(parseDataset(JSON.parse(JSON.stringify(datasetToJson(d))))).toStrictEqual(d);
    expect(loadDatasetFile(writeDataset(datasetToJson(d), 'generated.json'))).toStrictEqual(d);
  });

  it('writes timestamps as ISO-8601 strings', () => {
    const json = datasetToJson(generateDataset({ seed: 5 })) as Record<string, any[]>;
    expect(json.maintenanceWindowExecutions[0].StartTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('accepts ISO-8601 strings (with offsets and microseconds) and epoch seconds', () => {
    const f = base();
    f.maintenanceWindowExecutions[0].StartTime = '2024-08-04T11:35:35.145000-07:00';
    f.maintenanceWindowExecutions[0].EndTime = 1722796689.062;
    f.automationExecutions[0].ExecutionStartTime = 1722796535;
    f.automationExecutions[0].StepExecutions[0].ExecutionStartTime = '2024-08-04T18:35:36Z';
    const d = parseDataset(f, 'dataset.json');
    expect(d.maintenanceWindowExecutions[0].StartTime).toEqual(new Date('2024-08-04T18:35:35.145Z'));
    expect(d.maintenanceWindowExecutions[0].EndTime).toEqual(new Date('2024-08-04T18:38:09.062Z'));
    expect(d.automationExecutions[0].ExecutionStartTime).toEqual(new Date('2024-08-04T18:35:35Z'));
    expect(d.automationExecutions[0].StepExecutions![0].ExecutionStartTime).toEqual(new Date('2024-08-04T18:35:36Z'));
    expect(d.commands[0].RequestedDateTime).toEqual(new Date(1767060000 * 1000));
    expect(d.maintenanceWindows[0].CreatedDate).toBeInstanceOf(Date);
    // Non-timestamp strings stay strings (NextExecutionTime is a string in the model).
    f.maintenanceWindows[0].NextExecutionTime = '2026-01-02T02:00Z';
    expect(parseDataset(f).maintenanceWindows[0].NextExecutionTime).toBe('2026-01-02T02:00Z');
  });

  it('treats missing collections as empty', () => {
    const d = parseDataset({ maintenanceWindows: [] });
    expect(d.associations).toEqual([]);
    expect(d.automationExecutions).toEqual([]);
    expect(parseDataset({}).commands).toEqual([]);
  });

  it('loads the example data file', () => {
    const d = loadDatasetFile(new URL('../../examples/dataset.sample.json', import.meta.url).pathname);
    expect(d.maintenanceWindowExecutionTaskInvocations.length).toBeGreaterThan(0);
    expect(d.automationExecutions.some((a) => a.ParentAutomationExecutionId)).toBe(true);
    expect(validateDatasetIntegrity(d)).toEqual([]);
  });
});

describe('bad data files', () => {
  it('names a missing required member and where', () => {
    const f = base();
    delete f.maintenanceWindowExecutions[3].WindowId;
    const path = writeDataset(f);
    expect(problemsOf(() => loadDatasetFile(path))).toContain(`${path}: maintenanceWindowExecutions[3].WindowId: required`);
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toBe('dataset.json: maintenanceWindowExecutions[3].WindowId: required');
  });

  it('rejects an unknown collection key', () => {
    expect(problemsOf(() => parseDataset({ ...base(), maintenanceWindowTasks: [] }, 'dataset.json'))).toMatch(
      /^dataset\.json: maintenanceWindowTasks: unknown collection key \(expected one of associations, /,
    );
  });

  it('rejects a top level that is not an object and a collection that is not an array', () => {
    expect(problemsOf(() => parseDataset([], 'dataset.json'))).toMatch(/^dataset\.json: \(top level\): expected an object/);
    expect(problemsOf(() => parseDataset({ commands: {} }, 'dataset.json'))).toBe('dataset.json: commands: expected an array of records, got an object');
  });

  it('rejects wrong member types', () => {
    const f = base();
    f.maintenanceWindows[0].Duration = '2';
    f.commands[0].InstanceIds = 'i-0123456789abcdef0';
    f.maintenanceWindowExecutions[1].Status = 'DONE';
    f.automationExecutions[0].StepExecutions[1].ParentStepDetails.Iteration = 1.5;
    f.maintenanceWindowExecutionTasks[0] = { ...f.maintenanceWindowExecutionTasks[0], Priority: true };
    const msg = problemsOf(() => parseDataset(f, 'dataset.json'));
    expect(msg).toContain('dataset.json: maintenanceWindows[0].Duration: expected an integer, got the string "2"');
    expect(msg).toContain('dataset.json: commands[0].InstanceIds: expected an array, got the string "i-0123456789abcdef0"');
    expect(msg).toContain('dataset.json: maintenanceWindowExecutions[1].Status: "DONE" is not a MaintenanceWindowExecutionStatus (expected one of PENDING, IN_PROGRESS');
    expect(msg).toContain('dataset.json: automationExecutions[0].StepExecutions[1].ParentStepDetails.Iteration: expected an integer, got number 1.5');
    expect(msg).toContain('dataset.json: maintenanceWindowExecutionTasks[0].Priority: expected an integer, got boolean true');
  });

  it('rejects IDs that do not match the model pattern', () => {
    const f = base();
    f.maintenanceWindows[0].WindowId = 'mw-123';
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toContain('dataset.json: maintenanceWindows[0].WindowId: "mw-123" does not match the MaintenanceWindowId pattern');
  });

  it('rejects unknown members unless asked to keep them', () => {
    const f = base();
    f.commands[0].Colour = 'blue';
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toBe("dataset.json: commands[0].Colour: unknown member (not in the SSM model's Command shape)");
    expect((parseDataset(f, 'dataset.json', { allowUnknownMembers: true }).commands[0] as Record<string, unknown>).Colour).toBe('blue');
  });

  it('rejects unparseable timestamps', () => {
    const f = base();
    f.maintenanceWindowExecutions[2].StartTime = 'yesterday';
    f.maintenanceWindowExecutions[1].EndTime = '2025-13-45T99:00:00Z';
    f.commands[0].RequestedDateTime = 1767060000000;
    f.automationExecutions[0].ExecutionEndTime = true;
    const msg = problemsOf(() => parseDataset(f, 'dataset.json'));
    expect(msg).toContain('dataset.json: maintenanceWindowExecutions[2].StartTime: unparseable timestamp "yesterday"');
    expect(msg).toContain('dataset.json: maintenanceWindowExecutions[1].EndTime: unparseable timestamp "2025-13-45T99:00:00Z"');
    expect(msg).toContain('dataset.json: commands[0].RequestedDateTime: timestamp 1767060000000 is out of range for epoch seconds');
    expect(msg).toContain('dataset.json: automationExecutions[0].ExecutionEndTime: expected a timestamp');
  });

  it('rejects an invocation whose window execution or task does not exist', () => {
    const f = base();
    f.maintenanceWindowExecutionTaskInvocations[0].WindowExecutionId = 'ffffffff-3b9c-4c3e-8bd4-000000000000';
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toContain(
      'dataset.json: maintenanceWindowExecutionTaskInvocations[0].WindowExecutionId: unknown maintenance window execution "ffffffff-3b9c-4c3e-8bd4-000000000000"',
    );
    const g = base();
    g.maintenanceWindowExecutionTaskInvocations[0].TaskExecutionId = 'ffffffff-998f-4b89-8467-000000000001';
    expect(problemsOf(() => parseDataset(g, 'dataset.json'))).toContain('dataset.json: maintenanceWindowExecutionTaskInvocations[0].TaskExecutionId: unknown window execution task');
  });

  it('rejects a RUN_COMMAND invocation whose command does not exist, and a command invocation without its command', () => {
    const f = base();
    f.commands = [];
    const msg = problemsOf(() => parseDataset(f, 'dataset.json'));
    expect(msg).toContain('dataset.json: maintenanceWindowExecutionTaskInvocations[0].ExecutionId: unknown command "5b1c9f3e-7d2a-4e6b-9c8d-000000000001"');
    expect(msg).toContain('dataset.json: commandInvocations[0].CommandId: unknown command');
  });

  it('rejects a step whose parent step does not exist in the same automation', () => {
    const f = base();
    f.automationExecutions[0].StepExecutions[1].ParentStepDetails.StepExecutionId = 's-404';
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toBe(
      'dataset.json: automationExecutions[0].StepExecutions[1].ParentStepDetails.StepExecutionId: no step "s-404" in automation execution "0b1a2c3d-4e5f-4a6b-8c7d-000000000001"',
    );
  });

  it('rejects a missing child automation and a child that does not point back', () => {
    const f = base();
    const childId = '0b1a2c3d-4e5f-4a6b-8c7d-000000000002';
    f.automationExecutions[0].StepExecutions.push({ StepExecutionId: 's-3', StepName: 'child', Action: 'aws:executeAutomation', Outputs: { ExecutionId: [childId] } });
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toContain(`automationExecutions[0].StepExecutions[2].Outputs.ExecutionId: unknown automation execution "${childId}"`);
    f.automationExecutions.push({ AutomationExecutionId: childId, DocumentName: 'AWS-CreateImage' });
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toContain('has ParentAutomationExecutionId null');
    f.automationExecutions[1].ParentAutomationExecutionId = f.automationExecutions[0].AutomationExecutionId;
    expect(() => parseDataset(f, 'dataset.json')).not.toThrow();
  });

  it('rejects dangling association references and duplicate IDs', () => {
    const f: Record<string, any[]> = {
      associations: [{ AssociationId: '8dfe3659-4309-493a-8755-0123456789ab', Name: 'AWS-UpdateSSMAgent' }],
      associationExecutions: [
        { AssociationId: '8dfe3659-4309-493a-8755-0123456789ab', ExecutionId: '76a5a04f-caf6-490c-b057-0123456789a1' },
        { AssociationId: '00000000-4309-493a-8755-0123456789ab', ExecutionId: '76a5a04f-caf6-490c-b057-0123456789a2' },
        { AssociationId: '8dfe3659-4309-493a-8755-0123456789ab', ExecutionId: '76a5a04f-caf6-490c-b057-0123456789a1' },
      ],
      associationExecutionTargets: [{ AssociationId: '8dfe3659-4309-493a-8755-0123456789ab', ExecutionId: '76a5a04f-caf6-490c-b057-0123456789ff', ResourceId: 'i-0123456789abcdef0' }],
    };
    const msg = problemsOf(() => parseDataset(f, 'dataset.json'));
    expect(msg).toContain('dataset.json: associationExecutions[1].AssociationId: unknown association "00000000-4309-493a-8755-0123456789ab"');
    expect(msg).toContain('dataset.json: associationExecutions[2]: duplicate ExecutionId "76a5a04f-caf6-490c-b057-0123456789a1"');
    expect(msg).toContain('dataset.json: associationExecutionTargets[0].ExecutionId: unknown association execution "76a5a04f-caf6-490c-b057-0123456789ff"');
  });

  it('rejects a window execution listing a task it does not have', () => {
    const f = base();
    f.maintenanceWindowExecutions[1].TaskIds = ['f407ba63-998f-4b89-8467-000000000001'];
    expect(problemsOf(() => parseDataset(f, 'dataset.json'))).toContain('dataset.json: maintenanceWindowExecutions[1].TaskIds[0]: task "f407ba63-998f-4b89-8467-000000000001" belongs to window execution');
  });

  it('reports invalid JSON and unreadable files with the path', () => {
    const path = writeDataset('{"commands": [', 'broken.json');
    expect(problemsOf(() => loadDatasetFile(path))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(file\\): invalid JSON`));
    expect(problemsOf(() => loadDatasetFile(join(dir, 'missing.json')))).toContain('missing.json: cannot read the file');
  });

  it('lists every problem, not just the first', () => {
    const f = base();
    delete f.maintenanceWindowExecutions[0].WindowId;
    delete f.maintenanceWindowExecutions[2].WindowId;
    try {
      parseDataset(f, 'dataset.json');
      throw new Error('expected an error');
    } catch (e) {
      expect((e as DatasetFileError).problems).toEqual(['maintenanceWindowExecutions[0].WindowId: required', 'maintenanceWindowExecutions[2].WindowId: required']);
    }
  });
});
