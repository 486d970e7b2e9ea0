/**
 * The page's state in its URL, so every view can be shared as a link:
 * `?id=<global ID>` opens that object's view (any Node: the gateway's
 * `node(id:)` says what it is; the ID holds the record's account and region);
 * `?list=<kind>&q=&status=&from=&to=&account=…&region=…` a root list, in the
 * locations chosen (`account` and `region` repeat; none: every served one).
 * (navigation.ts moves between them.)
 */
export const ROOT_KINDS = ['windows', 'automations', 'associations'] as const;
export type RootKind = (typeof ROOT_KINDS)[number];

export interface ListRoute {
  kind: 'list';
  list: RootKind;
  q: string;
  status: string;
  /** `datetime-local` values, as the inputs hold them. */
  from: string;
  to: string;
  /** Locations to list (pushed down as `accountIds` × `regions`); empty: all. */
  accounts: string[];
  regions: string[];
}
export type Route = ListRoute | { kind: 'node'; id: string };

export type ViewName = 'window' | 'windowExecution' | 'automation' | 'association';

/** Which view shows a node: the view's own node, and the node(s) to reveal inside it. */
export interface Target {
  view: ViewName;
  viewId: string;
  /** IDs to expand and select inside the view (a task, then an invocation; a step). */
  focus: string[];
}

export function parseRoute(search: string): Route {
  const p = new URLSearchParams(search);
  const id = p.get('id');
  if (id) return { kind: 'node', id };
  const list = ROOT_KINDS.find((k) => k === p.get('list')) ?? 'windows';
  return {
    kind: 'list',
    list,
    q: p.get('q') ?? '',
    status: p.get('status') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    accounts: p.getAll('account').filter(Boolean),
    regions: p.getAll('region').filter(Boolean),
  };
}

export function searchOf(route: Route): string {
  const p = new URLSearchParams();
  if (route.kind === 'node') p.set('id', route.id);
  else {
    p.set('list', route.list);
    for (const k of ['q', 'status', 'from', 'to'] as const) if (route[k]) p.set(k, route[k]);
    for (const a of route.accounts) p.append('account', a);
    for (const r of route.regions) p.append('region', r);
  }
  return `?${p}`;
}

/** A list with no filter; `keep` carries the locations chosen on another list over. */
export const listRoute = (list: RootKind, keep?: Pick<ListRoute, 'accounts' | 'regions'>): ListRoute => ({
  kind: 'list',
  list,
  q: '',
  status: '',
  from: '',
  to: '',
  accounts: keep?.accounts ?? [],
  regions: keep?.regions ?? [],
});
