/**
 * What a signed request says about its caller: the access key, the region and
 * service of the SigV4 credential scope, and the session token.
 *
 * Contract: only the `Authorization` header form the SDKs send is read
 * (`AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/REGION/SERVICE/aws4_request, ...`),
 * plus `X-Amz-Security-Token`. Signatures are not verified: the emulator
 * checks who a key belongs to and whether its session token matches, not that
 * the caller holds the secret.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestCredential {
  accessKeyId: string;
  region: string;
  service: string;
  sessionToken?: string;
}

const SCOPE_RE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The request's credential, or undefined when it is not SigV4-signed in the header form. */
export function requestCredential(req: IncomingMessage): RequestCredential | undefined {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const m = SCOPE_RE.exec(auth);
  if (!m) return undefined;
  const token = req.headers['x-amz-security-token'];
  return { accessKeyId: m[1], region: m[2], service: m[3], ...(typeof token === 'string' && token ? { sessionToken: token } : {}) };
}
