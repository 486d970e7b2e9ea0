/**
 * NextTokens through the SDK, for every paginated operation: bound to their
 * operation and parameters, tamper-proof, expiring; any misuse is
 * InvalidNextToken (HTTP 400).
 */
import { describe, expect, it } from 'vitest';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { startEmulator } from '../../src/emulator/index.ts';
import { pageSizeRange, paginator } from '../../src/emulator/model.ts';
import { call, client, errorOf, useEmulators, type AnyInput } from './helpers.ts';
import { bigAutomation, cases, d } from './paged-cases.ts';

const [plain, stingy] = useEmulators({ data: d, stingy: false }, { data: d, stingy: true, seed: 7 });

async function invalid(p: Promise<unknown>) {
  const err = await errorOf(p);
  expect(err.name).toBe('InvalidNextToken');
  expect(err.$metadata?.httpStatusCode).toBe(400);
}

/** The token with one character of its payload changed. */
function altered(token: string): string {
  const i = Math.floor(token.length / 3);
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

describe.each(cases)('$op', ({ op, input, filters }) => {
  it('a NextToken altered, reused with other parameters or with another operation → InvalidNextToken', async () => {
    const size = pageSizeRange(op).min;
    const tokenOf = (out: AnyInput) => out[paginator(op)!.output_token] as string | undefined;
    const token = tokenOf(await call(stingy.c, op, { ...input, MaxResults: size }));
    expect(token, 'the first page carries a NextToken').toBeTruthy();
    await call(stingy.c, op, { ...input, MaxResults: size, NextToken: token }); // the token itself is good
    await invalid(call(stingy.c, op, { ...input, MaxResults: size, NextToken: altered(token!) }));
    await invalid(call(stingy.c, op, { ...input, ...filters, MaxResults: size, NextToken: token }));
    await invalid(call(stingy.c, op === 'ListCommands' ? 'ListAssociations' : 'ListCommands', { NextToken: token }));
  });
});

describe('NextToken', () => {
  const first = async (c: SSMClient, input: AnyInput = {}) => (await call(c, 'ListCommands', { MaxResults: 10, ...input })).NextToken as string;

  it('never comes with the last page', async () => {
    const out = await call(plain.c, 'ListCommands', { MaxResults: 50, Filters: [{ key: 'Status', value: 'Cancelled' }] });
    expect(out.Commands.length).toBe(d.commands.filter((x) => x.Status === 'Cancelled').length);
    expect(out.NextToken).toBeUndefined();
  });

  it('may change MaxResults between pages', async () => {
    const token = await first(plain.c);
    const out = await call(plain.c, 'ListCommands', { MaxResults: 3, NextToken: token });
    expect(out.Commands).toHaveLength(3);
  });

  it('reused with other parameters → InvalidNextToken', async () => {
    const token = await first(plain.c);
    await invalid(call(plain.c, 'ListCommands', { NextToken: token, Filters: [{ key: 'Status', value: 'Success' }] }));
    await invalid(call(plain.c, 'ListCommandInvocations', { NextToken: token }));
    const stepToken = (await call(plain.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: bigAutomation.AutomationExecutionId, MaxResults: 5 })).NextToken;
    await invalid(call(plain.c, 'DescribeAutomationStepExecutions', { AutomationExecutionId: bigAutomation.AutomationExecutionId, NextToken: stepToken, ReverseOrder: true }));
  });

  it('altered → InvalidNextToken', async () => {
    const token = await first(plain.c);
    await invalid(call(plain.c, 'ListCommands', { MaxResults: 10, NextToken: altered(token) }));
    await invalid(call(plain.c, 'ListCommands', { MaxResults: 10, NextToken: 'garbage' }));
  });

  it('from another emulator → InvalidNextToken', async () => {
    await invalid(call(stingy.c, 'ListCommands', { MaxResults: 10, NextToken: await first(plain.c) }));
  });

  it('expired → InvalidNextToken', async () => {
    const short = await startEmulator({ data: d, tokenTtlMs: 100 });
    const c = client(short.url);
    try {
      const token = await first(c);
      expect((await call(c, 'ListCommands', { MaxResults: 10, NextToken: token })).Commands).toHaveLength(10);
      await new Promise((r) => setTimeout(r, 150));
      await invalid(call(c, 'ListCommands', { MaxResults: 10, NextToken: token }));
    } finally {
      c.destroy();
      await short.close();
    }
  });

  it('issued before setData → InvalidNextToken', async () => {
    const own = await startEmulator({ data: d });
    const c = client(own.url);
    try {
      const token = await first(c);
      own.setData(d);
      await invalid(call(c, 'ListCommands', { MaxResults: 10, NextToken: token }));
    } finally {
      c.destroy();
      await own.close();
    }
  });
});
