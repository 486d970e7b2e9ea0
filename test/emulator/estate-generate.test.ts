/**
 * generateEstate: deterministic, every location valid, multi-account
 * automations whose children live in their target locations (checked on the
 * data and through the SDK with each target account's credentials), roles and
 * keys as documented, dates relative to `now`, and the estate data file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEstateIntegrity } from '../../src/emulator/estate-integrity.ts';
import { ANCHOR_MS, generateDataset } from '../../src/emulator/generate.ts';
import { describeEstate, generateEstate } from '../../src/emulator/generate-estate.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { estateToJson, loadDataFile, parseEstate } from '../../src/emulator/load-estate.ts';
import { datasetToJson, parseDataset } from '../../src/emulator/load.ts';
import { call, client } from './helpers.ts';

const e = generateEstate({ seed: 11 });

describe('generateEstate', () => {
  it('is deterministic: same seed and now deep-equal; another seed or now differs', () => {
    expect(generateEstate({ seed: 11 })).toStrictEqual(e);
    expect(generateEstate({ seed: 11, now: ANCHOR_MS })).toStrictEqual(e);
    expect(generateEstate({ seed: 12 }).locations[0].data.maintenanceWindows[0].WindowId).not.toBe(e.locations[0].data.maintenanceWindows[0].WindowId);
  });

  it('serves 2 accounts × 2 regions with 12-digit accounts, the home location the richest', () => {
    expect(e.locations.map((l) => `${l.accountId}/${l.region}`)).toEqual(['111111111111/us-east-1', '111111111111/eu-west-1', '222222222222/us-east-1', '222222222222/eu-west-1']);
    const counts = Object.values(describeEstate(e));
    for (const c of counts.slice(1)) expect(c.automationExecutions).toBeLessThan(counts[0].automationExecutions);
    // Each location's ARNs name its own account and region.
    for (const l of e.locations) {
      const text = JSON.stringify(datasetToJson(l.data));
      expect(text).toContain(`ssm-automation-logs-${l.accountId}-${l.region}`);
      for (const other of e.locations) if (other.accountId !== l.accountId) expect(text).not.toContain(`ssm-output-${other.accountId}`);
    }
  });

  it('has a key per account, an assumable role per non-home account, a refused role elsewhere and a disabled region', () => {
    expect(e.accessKeys).toEqual({ AKIAEMU111111111111: '111111111111', AKIAEMU222222222222: '222222222222' });
    expect(e.roles).toEqual([{ roleArn: 'arn:aws:iam::222222222222:role/ssm-graph-reader' }, { roleArn: 'arn:aws:iam::333333333333:role/ssm-graph-reader', refuse: true }]);
    expect(e.disabledRegions).toEqual(['ap-east-1']);
  });

  it('every location passes the strict loader, and the cross-location references resolve', () => {
    for (const l of e.locations) expect(() => parseDataset(datasetToJson(l.data), 'x', { strictStrings: true, skipIntegrity: true })).not.toThrow();
    expect(validateEstateIntegrity(e)).toEqual([]);
  });

  it('has CrossAccount parents at home whose steps target one location each, children pointing back; some targets unserved', () => {
    const home = e.locations[0].data.automationExecutions;
    const parents = home.filter((a) => a.AutomationType === 'CrossAccount');
    expect(parents.map((p) => p.AutomationExecutionId)).toEqual(e.crossAccount.parentIds);
    const first = parents[0];
    expect(first.TargetLocations![0].Accounts).toEqual(expect.arrayContaining(['111111111111', '222222222222', '333333333333']));
    const targets = first.StepExecutions!.map((s) => `${s.TargetLocation!.Accounts![0]}/${s.TargetLocation!.Regions![0]}`);
    expect(targets).toEqual([...e.crossAccount.served, ...e.crossAccount.unserved].map((t) => `${t.accountId}/${t.region}`));
    for (const s of first.StepExecutions!) {
      expect(s.Action).toBe('aws:executeAutomation');
      const loc = e.locations.find((l) => l.accountId === s.TargetLocation!.Accounts![0] && l.region === s.TargetLocation!.Regions![0]);
      const child = loc?.data.automationExecutions.find((a) => a.AutomationExecutionId === s.Outputs!.ExecutionId[0]);
      if (loc) expect(child?.ParentAutomationExecutionId).toBe(first.AutomationExecutionId);
      for (const other of e.locations) if (other !== loc) expect(other.data.automationExecutions.some((a) => a.AutomationExecutionId === s.Outputs!.ExecutionId[0])).toBe(false);
    }
    expect(parents[1].AutomationExecutionStatus).toBe('Failed');
    // A broken link is reported.
    const broken = structuredClone(e);
    const child = broken.locations[2].data.automationExecutions.find((a) => a.ParentAutomationExecutionId === first.AutomationExecutionId)!;
    child.ParentAutomationExecutionId = parents[1].AutomationExecutionId;
    expect(validateEstateIntegrity(broken).join('\n')).toMatch(/has ParentAutomationExecutionId/);
  });

  it('places every event at or before now', () => {
    const now = Date.UTC(2027, 5, 1, 12);
    const later = generateEstate({ seed: 11, now });
    const times = later.locations.flatMap((l) => l.data.automationExecutions.map((a) => a.ExecutionStartTime!.getTime()));
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(Math.max(...times)).toBeGreaterThan(now - 86_400_000);
    // generateDataset takes `now` too: every time moves by the same offset for the same seed.
    const a = generateDataset({ seed: 2 });
    const b = generateDataset({ seed: 2, now: ANCHOR_MS + 3_600_000 });
    expect(b.maintenanceWindowExecutions[5].StartTime!.getTime() - a.maintenanceWindowExecutions[5].StartTime!.getTime()).toBe(3_600_000);
  });
});

describe('the estate data file', () => {
  it('round-trips through JSON and loads through loadDataFile; the single-dataset form still loads as data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-estate-'));
    const file = join(dir, 'estate.json');
    writeFileSync(file, JSON.stringify(estateToJson(e)));
    const loaded = loadDataFile(file);
    expect('estate' in loaded && loaded.estate).toStrictEqual({ locations: e.locations, roles: e.roles, accessKeys: e.accessKeys, disabledRegions: e.disabledRegions });
    const single = join(dir, 'single.json');
    const d = generateDataset({ seed: 4 });
    writeFileSync(single, JSON.stringify(datasetToJson(d)));
    expect(loadDataFile(single)).toStrictEqual({ data: d });
    // Alone, a location holding children of another location's automation is incomplete.
    writeFileSync(single, JSON.stringify(datasetToJson(e.locations[1].data)));
    expect(() => loadDataFile(single)).toThrow(/ParentAutomationExecutionId: unknown automation execution/);
  });

  it('names every problem with its path', () => {
    const json = estateToJson(e) as { locations: { accountId: string; data: Record<string, unknown[]> }[] };
    json.locations[1].accountId = '12';
    (json.locations[2].data.maintenanceWindows[0] as Record<string, unknown>).Duration = 'two';
    expect(() => parseEstate(json, 'e.json')).toThrow(/locations\[2\]\.data\.maintenanceWindows\[0\]\.Duration: expected an integer/);
    (json.locations[2].data.maintenanceWindows[0] as Record<string, unknown>).Duration = 2;
    expect(() => parseEstate(json, 'e.json')).toThrow(/locations\[1\]\.accountId: "12" is not a 12-digit account ID/);
  });
});

describe('examples/estate.sample.json', () => {
  it('loads strictly, and its cross-account child is found through the role (with its ExternalId) in its target location', async () => {
    const loaded = loadDataFile(new URL('../../examples/estate.sample.json', import.meta.url).pathname, { strictStrings: true });
    if (!('estate' in loaded)) throw new Error('expected the estate form');
    const emu = await startEmulator({ estate: loaded.estate });
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: 'arn:aws:iam::222222222222:role/ssm-graph-reader', RoleSessionName: 'sample', ExternalId: 'ssm-graph-sample' },
      masterCredentials: { accessKeyId: 'AKIAEXAMPLEHOME00001', secretAccessKey: 'x' },
      clientConfig: { endpoint: emu.url, region: 'us-east-1' },
    });
    const c = new SSMClient({ endpoint: emu.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    try {
      const child = (await call(c, 'GetAutomationExecution', { AutomationExecutionId: '7d3c1e20-5b6a-4f0e-9c1d-000000000002' })).AutomationExecution;
      expect(child.ParentAutomationExecutionId).toBe('7d3c1e20-5b6a-4f0e-9c1d-000000000001');
      expect(emu.calls().map((r) => `${r.service}:${r.operation}:${r.accountId}/${r.region}`)).toEqual(['sts:AssumeRole:111111111111/us-east-1', 'ssm:GetAutomationExecution:222222222222/eu-west-1']);
    } finally {
      c.destroy();
      await emu.close();
    }
  });
});

describe('cross-location references through the SDK', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ estate: e });
  });
  afterAll(() => emu.close());

  it('each served step names a child found with its target account key in its target region, naming the parent', async () => {
    const home = client(emu.url, { accessKeyId: e.accessKeyOf[e.home.accountId], region: e.home.region });
    try {
      for (const parentId of e.crossAccount.parentIds) {
        const parent = (await call(home, 'GetAutomationExecution', { AutomationExecutionId: parentId })).AutomationExecution;
        expect(parent.TargetLocations).toHaveLength(1);
        for (const step of parent.StepExecutions) {
          const [acct, region] = [step.TargetLocation.Accounts[0], step.TargetLocation.Regions[0]];
          if (!e.crossAccount.served.some((t) => t.accountId === acct && t.region === region)) continue;
          const c = client(emu.url, { accessKeyId: e.accessKeyOf[acct], region });
          try {
            const child = (await call(c, 'GetAutomationExecution', { AutomationExecutionId: step.Outputs.ExecutionId[0] })).AutomationExecution;
            expect(child.ParentAutomationExecutionId).toBe(parentId);
          } finally {
            c.destroy();
          }
        }
      }
      const listed = await call(home, 'DescribeAutomationExecutions', { Filters: [{ Key: 'AutomationType', Values: ['CrossAccount'] }] });
      expect(listed.AutomationExecutionMetadataList.map((a: { AutomationExecutionId: string }) => a.AutomationExecutionId).sort()).toEqual([...e.crossAccount.parentIds].sort());
    } finally {
      home.destroy();
    }
    expect(new Set(emu.calls().map((c) => `${c.accountId}/${c.region}`)).size).toBe(4);
  });
});
