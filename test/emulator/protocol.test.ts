/**
 * Protocol-level behaviour seen by raw HTTP clients: target header handling,
 * malformed bodies, request IDs, epoch-second timestamps, unsigned requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { smallDataset } from './helpers.ts';

const d = smallDataset();
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ data: d, stingy: true });
});
afterAll(async () => {
  await emu?.close();
});

async function post(target: string | undefined, body: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', ...extra };
  if (target !== undefined) headers['x-amz-target'] = target;
  const res = await fetch(`${emu.url}/`, { method: 'POST', headers, body });
  return { res, json: (await res.json()) as Record<string, unknown> };
}

describe('AWS JSON 1.1 over HTTP', () => {
  it('answers a call without any signature, with a request ID and epoch-second timestamps', async () => {
    const exec = d.maintenanceWindowExecutions[0];
    const { res, json } = await post('AmazonSSM.GetMaintenanceWindowExecution', JSON.stringify({ WindowExecutionId: exec.WindowExecutionId }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof json.StartTime).toBe('number');
    expect(json.StartTime).toBe((exec.StartTime as Date).getTime() / 1000);
  });

  it('accepts any Authorization header', async () => {
    const { res } = await post('AmazonSSM.DescribeMaintenanceWindows', '{}', { authorization: 'AWS4-HMAC-SHA256 Credential=x/y, Signature=nonsense' });
    expect(res.status).toBe(200);
  });

  it('unknown operation → 400 UnknownOperationException', async () => {
    for (const target of ['AmazonSSM.SendCommand', 'AmazonSSM.', 'AmazonEC2.DescribeInstances', 'DescribeMaintenanceWindows']) {
      const { res, json } = await post(target, '{}');
      expect(res.status, target).toBe(400);
      expect(json.__type).toBe('UnknownOperationException');
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    }
  });

  it('missing target header → 400 UnknownOperationException', async () => {
    const { res, json } = await post(undefined, '{}');
    expect(res.status).toBe(400);
    expect(json.__type).toBe('UnknownOperationException');
  });

  it('malformed JSON or a non-object body → 400 SerializationException', async () => {
    for (const body of ['{"MaxResults": 10', '[]', '"text"', '42']) {
      const { res, json } = await post('AmazonSSM.ListCommands', body);
      expect(res.status, body).toBe(400);
      expect(json.__type).toBe('SerializationException');
      expect(typeof json.message).toBe('string');
    }
  });

  it('a member of the wrong JSON type → 400 SerializationException', async () => {
    const { res, json } = await post('AmazonSSM.ListCommands', '{"MaxResults": "ten"}');
    expect(res.status).toBe(400);
    expect(json.__type).toBe('SerializationException');
  });

  it('an empty body is read as {}', async () => {
    const { res } = await post('AmazonSSM.ListAssociations', '');
    expect(res.status).toBe(200);
  });

  it('ignores members the model does not know, as AWS does', async () => {
    const { res } = await post('AmazonSSM.ListCommands', '{"MaxResults": 10, "Unknown": 1}');
    expect(res.status).toBe(200);
  });

  it('other methods and paths are rejected without crashing', async () => {
    const get = await fetch(`${emu.url}/`);
    expect(get.status).toBe(400);
    expect(((await get.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const other = await fetch(`${emu.url}/other`, { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    await other.text();
    const unknown = await fetch(`${emu.url}/_emulator/nothing`);
    expect(unknown.status).toBe(404);
    await unknown.text();
  });

  it('error bodies carry __type and message', async () => {
    const { res, json } = await post('AmazonSSM.GetMaintenanceWindow', '{"WindowId": "mw-0123456789abcdef0"}');
    expect(res.status).toBe(400);
    expect(json).toMatchObject({ __type: 'DoesNotExistException', message: expect.stringContaining('mw-0123456789abcdef0') });
  });
});

describe('AWS_ENDPOINT_URL_SSM', () => {
  it('points an SDK client built without endpoint at the emulator', async () => {
    const { SSMClient, DescribeMaintenanceWindowsCommand } = await import('@aws-sdk/client-ssm');
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = emu.url;
    const c = new SSMClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const out = await c.send(new DescribeMaintenanceWindowsCommand({}));
      const known = new Set(d.maintenanceWindows.map((w) => w.WindowId));
      expect(out.WindowIdentities!.length).toBeGreaterThan(0);
      for (const w of out.WindowIdentities!) expect(known.has(w.WindowId)).toBe(true);
    } finally {
      c.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = saved;
    }
  });
});
