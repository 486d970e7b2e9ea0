/**
 * What the CLI prints once it listens: what it serves and how to point the
 * AWS CLI and SDKs at it. AWS_DEFAULT_REGION is set beside AWS_REGION: the AWS
 * CLI and botocore read only the former, the JavaScript SDK the latter.
 */
import type { Dataset } from './dataset.ts';
import type { Estate } from './estate.ts';
import { describeDataset } from './generate.ts';

const counts = (d: Dataset) =>
  Object.entries(describeDataset(d))
    .slice(0, 10)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** The `export` lines for a shell, for `accessKeyId` in `region`. */
export function exportBlock(url: string, region: string, accessKeyId: string): string[] {
  return [
    `export AWS_ENDPOINT_URL_SSM=${url} AWS_ENDPOINT_URL_STS=${url}`,
    `export AWS_REGION=${region} AWS_DEFAULT_REGION=${region}`,
    `export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=test`,
  ];
}

export function banner(url: string, served: { data: Dataset } | { estate: Estate }, what: string, extras: string[]): string[] {
  const out = [`SSM emulator listening on ${url} (SSM and STS)`, `  ${what}`, ...extras.map((e) => `  ${e}`)];
  const control = `Control plane: GET ${url}/_emulator/calls, POST ${url}/_emulator/reset, GET|PUT ${url}/_emulator/faults, GET|POST ${url}/_emulator/clock`;
  if ('data' in served) {
    out.push(`  data: ${counts(served.data)}`, 'Point the AWS CLI / SDK at it (any access key works, in any region):');
    out.push(...exportBlock(url, 'us-east-1', 'test').map((l) => `  ${l}`));
    out.push('  aws ssm describe-maintenance-windows');
    out.push(`  new SSMClient({ endpoint: '${url}', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })`);
    return [...out, control];
  }
  const e = served.estate;
  const [home] = e.locations;
  const keyOf = (acct: string) => Object.entries(e.accessKeys ?? {}).find(([, a]) => a === acct)?.[0];
  out.push('  locations (the first is home; the region comes from the request, the account from its access key):');
  for (const l of e.locations) out.push(`    ${l.accountId}/${l.region}: ${counts(l.data)}`);
  if (e.accessKeys) out.push(`  access keys (any secret): ${Object.entries(e.accessKeys).map(([k, a]) => `${k} -> ${a}`).join(', ')}`);
  for (const r of e.roles ?? []) out.push(`  role ${r.roleArn}: ${r.refuse ? 'refuses AssumeRole' : `assumable${r.externalId ? ` with ExternalId ${r.externalId}` : ''}`}`);
  if (e.disabledRegions?.length) out.push(`  disabled regions (UnrecognizedClientException): ${e.disabledRegions.join(', ')}`);
  out.push('Point the AWS CLI / SDK at it (the home account):');
  out.push(...exportBlock(url, home.region, keyOf(home.accountId) ?? 'test').map((l) => `  ${l}`));
  const other = e.locations.find((l) => l.accountId === home.accountId && l.region !== home.region);
  out.push(`  aws ssm describe-maintenance-windows${other ? `; aws ssm describe-maintenance-windows --region ${other.region}` : ''}`);
  const role = (e.roles ?? []).find((r) => !r.refuse);
  if (role) out.push(`  aws sts assume-role --role-arn ${role.roleArn} --role-session-name demo${role.externalId ? ` --external-id ${role.externalId}` : ''}   # then export its AccessKeyId, SecretAccessKey and SessionToken (AWS_SESSION_TOKEN)`);
  return [...out, control];
}
