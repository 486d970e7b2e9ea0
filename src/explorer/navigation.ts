/**
 * Moving between routes with the History API. A link followed inside the page
 * carries its target (the view that shows the node) in `history.state`, so only
 * a link opened from outside, or typed, costs a resolving query.
 */
import { useEffect, useState } from 'preact/hooks';
import { parseRoute, searchOf, type Route, type Target } from './route.ts';

interface HistoryState {
  target?: Target;
}

const listeners = new Set<() => void>();

/** Goes to `route`: a new history entry, or `replace` the current one (a selection inside a view). */
export function navigate(route: Route, opts: { replace?: boolean; target?: Target } = {}): void {
  const state: HistoryState = { target: opts.target };
  const url = `${location.pathname}${searchOf(route)}`;
  if (opts.replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  for (const l of listeners) l();
}

export const hrefOf = (route: Route) => `${location.pathname}${searchOf(route)}`;

export function useRoute(): { route: Route; target?: Target } {
  const read = () => ({ route: parseRoute(location.search), target: (history.state as HistoryState | null)?.target });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const update = () => setCurrent(read());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return current;
}
