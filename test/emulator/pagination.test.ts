/**
 * Pagination through the SDK: walks return every dataset item exactly once, in
 * a stable order and conforming to the model's item shape, for MaxResults 1,
 * 7, 10 and the maximum (within each operation's range) and without
 * MaxResults, in normal and stingy mode, pages never longer than MaxResults;
 * filtered stingy walks follow empty pages.
 */
import { describe, expect, it } from 'vitest';
import { paginateListCommands } from '@aws-sdk/client-ssm';
import { model, pageSizeRange, paginator, resultItemShape } from '../../src/emulator/model.ts';
import { call, expectConforms, useEmulators, walkOp, type AnyOutput } from './helpers.ts';
import { cases, d } from './paged-cases.ts';

const [plain, stingy] = useEmulators({ data: d, stingy: false }, { data: d, stingy: true, seed: 7 });

it('covers every paginated operation of the model', () => {
  expect(cases.map((x) => x.op).sort()).toEqual(Object.keys(model.paginators).sort());
  for (const x of cases) expect(paginator(x.op), x.op).toBeDefined();
});

describe.each(cases)('$op', ({ op, input, id, all, filters }) => {
  const { min, max } = pageSizeRange(op);
  const sizes = [...new Set([1, 7, 10, max])].filter((n) => n >= min && n <= max);
  const count = all.length;

  it(`walks with MaxResults ${sizes.join(', ')} and without, normal and stingy, each item once in one order`, async () => {
    expect(count, 'the dataset gives this walk more than one page').toBeGreaterThan(min);
    const walked = (await walkOp(plain.c, op, input)).items;
    for (const [i, item] of walked.entries()) expectConforms(resultItemShape(op), item, `${op}[${i}]`);
    const reference = walked.map(id);
    // Every record of the dataset, each exactly once.
    expect(new Set(reference).size).toBe(count);
    expect([...reference].sort()).toEqual(all.map(id).sort());
    expect((await walkOp(stingy.c, op, input)).items.map(id), 'stingy, no MaxResults').toEqual(reference);
    for (const [name, c] of [['normal', plain.c], ['stingy', stingy.c]] as const) {
      for (const size of sizes) {
        const r = await walkOp(c, op, { ...input, MaxResults: size });
        expect(r.items.map(id), `${name} MaxResults=${size}`).toEqual(reference);
        expect(r.longestPage, `${name} MaxResults=${size}: pages honour MaxResults`).toBeLessThanOrEqual(size);
        if (name === 'normal') expect(r.pages, `${name} MaxResults=${size}`).toBe(Math.max(1, Math.ceil(count / size)));
        else expect(r.emptyPagesWithToken, 'no empty pages without a filter').toBe(0);
      }
    }
  });

  if (filters) {
    it('filtered stingy walk equals the filtered normal walk, following empty pages', async () => {
      const want = (await walkOp(plain.c, op, { ...input, ...filters })).items.map(id);
      for (const size of sizes) {
        const r = await walkOp(stingy.c, op, { ...input, ...filters, MaxResults: size });
        expect(r.items.map(id), `MaxResults=${size}`).toEqual(want);
      }
    });
  }
});

describe('stingy mode', () => {
  it('returns short pages and, with filters, empty pages that carry a NextToken', async () => {
    const full = await call(stingy.c, 'ListCommands', { MaxResults: 50 });
    expect(full.Commands.length).toBeGreaterThan(0);
    expect(full.Commands.length).toBeLessThanOrEqual(50);
    let empties = 0;
    for (const x of cases.filter((k) => k.filters)) {
      empties += (await walkOp(stingy.c, x.op, { ...x.input, ...x.filters, MaxResults: pageSizeRange(x.op).min === 10 ? 10 : 7 })).emptyPagesWithToken;
    }
    expect(empties).toBeGreaterThan(0);
  });

  it('is deterministic: the same token yields the same page', async () => {
    const first = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20 });
    const a = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20, NextToken: first.NextToken });
    const b = await call(stingy.c, 'DescribeAutomationExecutions', { MaxResults: 20, NextToken: first.NextToken });
    expect(a.AutomationExecutionMetadataList.map((x: AnyOutput) => x.AutomationExecutionId)).toEqual(b.AutomationExecutionMetadataList.map((x: AnyOutput) => x.AutomationExecutionId));
  });

  it("works with the SDK's own paginator", async () => {
    const ids: string[] = [];
    for await (const page of paginateListCommands({ client: stingy.c, pageSize: 25 }, {})) ids.push(...(page.Commands ?? []).map((x) => x.CommandId!));
    expect(ids).toHaveLength(d.commands.length);
    expect(new Set(ids).size).toBe(d.commands.length);
  });
});
