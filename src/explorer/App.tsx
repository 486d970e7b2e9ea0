/**
 * The explorer's shell: header, the view the URL names, the cost panel.
 * A `?id=` route needs its target view; a link followed inside the page
 * brings it (history.state), otherwise one ResolveNode query finds it.
 */
import { useEffect, useRef } from 'preact/hooks';
import { ResolveNode } from './documents/executions.ts';
import { navigate, useRoute } from './navigation.ts';
import { listRoute, type Target } from './route.ts';
import { Errors, Loading, RouteLink } from './ui.tsx';
import { useQuery } from './use-query.ts';
import { AssociationView } from './views/AssociationView.tsx';
import { AutomationView } from './views/AutomationView.tsx';
import { CostPanel } from './views/CostPanel.tsx';
import { RootList } from './views/RootList.tsx';
import { WindowExecutionView } from './views/WindowExecutionView.tsx';
import { WindowView } from './views/WindowView.tsx';
import type { ResultOf } from './graphql.ts';

export function App({ graphiqlPath }: { graphiqlPath: string }) {
  const { route, target } = useRoute();
  const viewKey = route.kind === 'list' ? `list-${route.list}` : (target?.viewId ?? route.id);
  // A new view (not the first one): focus its heading, so keyboard and screen-reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    const t = setTimeout(() => document.getElementById('view-title')?.focus(), 0);
    return () => clearTimeout(t);
  }, [viewKey]);
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <RouteLink route={listRoute('windows')} class="brand">ssm-graph explorer</RouteLink>
        <a href={graphiqlPath}>GraphiQL</a>
      </header>
      <main id="main">
        {route.kind === 'list' ? <RootList key={viewKey} route={route} /> : target ? <View key={viewKey} target={target} /> : <Resolve key={route.id} id={route.id} />}
      </main>
      <footer>
        <CostPanel />
      </footer>
    </>
  );
}

function View({ target }: { target: Target }) {
  switch (target.view) {
    case 'window':
      return <WindowView id={target.viewId} />;
    case 'windowExecution':
      return <WindowExecutionView id={target.viewId} focus={target.focus} />;
    case 'automation':
      return <AutomationView id={target.viewId} focus={target.focus} />;
    case 'association':
      return <AssociationView id={target.viewId} focus={target.focus} />;
  }
}

/** A deep link: asks the gateway what the ID is, then shows (and remembers) its view. */
function Resolve({ id }: { id: string }) {
  const q = useQuery(ResolveNode, { id });
  const target = q.data?.node ? targetOf(q.data.node) : undefined;
  useEffect(() => {
    if (target) navigate({ kind: 'node', id }, { replace: true, target });
  }, [target?.viewId]);
  if (q.loading) return <Loading what="the linked object" />;
  return (
    <>
      <Errors errors={q.errors} />
      <h1 tabIndex={-1} id="view-title">{q.data?.node ? 'This object has no view here' : 'Nothing has this ID'}</h1>
      <p>
        <RouteLink route={listRoute('windows')}>Back to the lists</RouteLink>
      </p>
    </>
  );
}

type Resolved = NonNullable<ResultOf<typeof ResolveNode>['node']>;

export function targetOf(node: Resolved): Target | undefined {
  switch (node.__typename) {
    case 'MaintenanceWindow':
      return { view: 'window', viewId: node.id, focus: [] };
    case 'MaintenanceWindowExecution':
      return { view: 'windowExecution', viewId: node.id, focus: [] };
    case 'MaintenanceWindowExecutionTask':
      return node.execution ? { view: 'windowExecution', viewId: node.execution.id, focus: [node.id] } : undefined;
    case 'MaintenanceWindowExecutionTaskInvocation':
      return node.task?.execution ? { view: 'windowExecution', viewId: node.task.execution.id, focus: [node.task.id, node.id] } : undefined;
    case 'AutomationExecution':
      return { view: 'automation', viewId: node.id, focus: [] };
    case 'AutomationStepExecution':
      return node.automationExecution ? { view: 'automation', viewId: node.automationExecution.id, focus: [node.id] } : undefined;
    case 'Association':
      return { view: 'association', viewId: node.id, focus: [] };
    case 'AssociationExecution':
      return node.association ? { view: 'association', viewId: node.association.id, focus: [node.id] } : undefined;
  }
}
