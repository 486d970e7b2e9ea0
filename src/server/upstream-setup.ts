/**
 * Can the SSM client sign a request at all? It needs a region and credentials,
 * both from the SDK's own providers (the same chain every call uses).
 *
 * main.ts checks this at start, so a gateway with no region or no credentials
 * says so once, with the variables to set, rather than listening as if all were
 * well; it still serves (credentials may appear later, e.g. a role being
 * attached), and its upstream errors are UPSTREAM_MISCONFIGURED, not
 * UPSTREAM_UNAVAILABLE, since SSM was never called. readiness.ts words its log
 * line with the same hints.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';

export const REGION_HINT = 'set AWS_REGION (or AWS_PROFILE naming a profile with a region)';
export const CREDENTIALS_HINT =
  'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance, task or web-identity role';

/** What to set, for the SDK's message of a MISCONFIGURED failure. */
export const setupHint = (sdkMessage = '') => (/region/i.test(sdkMessage) ? REGION_HINT : CREDENTIALS_HINT);

/**
 * The problems found, one line each (empty when the client can sign). Each
 * provider gets `timeoutMs`: the credential chain may wait on instance metadata.
 */
export async function checkUpstreamSetup(client: SSMClient, timeoutMs = 10_000): Promise<string[]> {
  const problems: string[] = [];
  const within = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
  try {
    await within(client.config.region());
  } catch (e) {
    problems.push(`no AWS region (${(e as Error).message}): ${REGION_HINT}.`);
  }
  try {
    await within(client.config.credentials());
  } catch (e) {
    problems.push(`no AWS credentials (${(e as Error).message}): ${CREDENTIALS_HINT}.`);
  }
  return problems;
}
