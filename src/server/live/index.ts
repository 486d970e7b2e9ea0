/**
 * `useLive`: GraphQL subscriptions served by shared polling (hub.ts), over
 * Yoga's built-in GraphQL over Server-Sent Events on the GraphQL endpoint
 * (distinct connections mode: one stream per subscription; graphql-sse's
 * client, EventSource and curl all read it; Yoga sends a keep-alive comment
 * every 12 s). Every other plugin runs for a subscription as for a query: auth
 * and the query limits when the stream opens, the preflight on the operation
 * (its estimate is one poll's calls); this one replaces only how it executes.
 */
import type { Plugin } from 'graphql-yoga';
import type { LiveHub } from './hub.ts';

export function useLive(hub: LiveHub): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(((args) => hub.subscribe(args)) as Parameters<typeof setSubscribeFn>[0]);
    },
  };
}

export { createLiveHub, TOO_MANY_SUBSCRIPTIONS, type LiveHub, type LiveSettings, type LiveStats } from './hub.ts';
export type { LiveTimers } from './target.ts';
