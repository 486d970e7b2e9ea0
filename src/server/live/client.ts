/**
 * Who a subscription counts against (LIVE_MAX_SUBSCRIPTIONS_PER_CLIENT): the
 * verified token's issuer and subject when auth is on, else the address of the
 * peer that opened the stream. X-Forwarded-For is not trusted (any client can
 * send one): behind a proxy every client has the proxy's address, so turn auth
 * on there, or raise the per-client limit.
 */
export function clientOf(context: unknown): string {
  const { auth, req } = context as { auth?: { iss?: string; sub?: string }; req?: { socket?: { remoteAddress?: string } } };
  if (auth?.sub) return `sub:${auth.iss ?? ''}:${auth.sub}`;
  const address = req?.socket?.remoteAddress;
  return address ? `ip:${address}` : 'unknown';
}
