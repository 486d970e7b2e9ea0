/**
 * The estate the location tests drive: the emulator serving 2 accounts × 2
 * regions (generateEstate), the gateway configured for them (SSM_REGIONS, the
 * second account's reader role through STS AssumeRole), signed with the home
 * account's access key. `refused` adds the role the estate refuses.
 */
import { generateEstate, type GeneratedEstate } from '../../src/emulator/generate-estate.ts';
import type { FaultRule } from '../../src/emulator/index.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

export interface EstateStack extends Stack {
  estate: GeneratedEstate;
}

let cached: GeneratedEstate | undefined;
export const theEstate = () => (cached ??= generateEstate({ seed: 1, size: 'small' }));

export async function startEstateStack(opts: { refused?: boolean; faults?: FaultRule[]; env?: Record<string, string> } = {}): Promise<EstateStack> {
  const estate = theEstate();
  const regions = [...new Set(estate.locations.map((l) => l.region))];
  const roles = [...Object.values(estate.roleOf), ...(opts.refused ? [estate.refusedRoleArn] : [])];
  const stack = await startStack({
    estate,
    faults: opts.faults,
    accessKeyId: estate.accessKeyOf[estate.home.accountId],
    env: { SSM_REGIONS: regions.join(','), SSM_ACCOUNT_ROLES: roles.join(','), MAX_QUERY_COST: '0', ...opts.env },
  });
  return Object.assign(stack, { estate });
}

export const locKey = (l: { accountId?: string; region?: string; AccountId?: string; Region?: string }) =>
  `${l.accountId ?? l.AccountId}/${l.region ?? l.Region}`;
