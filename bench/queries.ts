/**
 * The representative queries, the dataset records they are aimed at, and the
 * lower bound of each: the distinct upstream pages its answer needs, and the
 * depth of the dependent calls (the critical path).
 *
 * Bounds are computed from the dataset with the emulator's own sort orders
 * (its Store), for non-stingy pages: a list of n wanted items costs
 * pages(n) = max(1, ceil(n / maxPage)) sequential calls, where maxPage is the
 * operation's largest MaxResults in the SSM model; by-ID lookups cost
 * ceil(k / maxFilterValues) calls, grouped as SSM's filters allow.
 */
import type { Dataset } from '../src/emulator/dataset.ts';
import { pageSizeRange } from '../src/emulator/model.ts';
import { Store } from '../src/emulator/store.ts';
import { isTerminalAutomationStatus } from '../src/ssm/automation.ts';
import { maxFilterValues } from '../src/ssm/model.ts';

export interface Bound {
  /** Lower bound of upstream calls. */
  calls: number;
  /** Calls per dependency level (level i needs an answer from level i-1). */
  levels: number[];
  /** Longest chain of dependent calls. */
  depth: number;
  /** The formula with this dataset's numbers. */
  formula: string;
}

export interface BenchQuery {
  key: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  bound: Bound;
  /** True when every record the answer holds is terminal (a warm repeat should make no call). */
  terminal: boolean;
}

const pages = (n: number, op: string) => Math.max(1, Math.ceil(n / pageSizeRange(op).max));

export const WINDOW_TREE = /* GraphQL */ `
  query WindowTree($windowId: ID!, $n: Int!) {
    maintenanceWindow(windowId: $windowId) {
      windowId
      name
      executions(first: $n) {
        edges {
          node {
            windowExecutionId
            status
            startTime
            tasks(first: 20) {
              edges {
                node {
                  taskExecutionId
                  taskType
                  status
                  invocations(first: 25) {
                    edges {
                      node {
                        invocationId
                        status
                        executionId
                        automationExecution {
                          automationExecutionId
                          automationExecutionStatus
                          documentName
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const STEPS_500 = /* GraphQL */ `
  query Steps($id: ID!) {
    automationExecution(automationExecutionId: $id) {
      automationExecutionId
      steps(first: 500) {
        edges {
          node {
            stepName
            parentStep {
              stepName
            }
            iteration
          }
        }
      }
    }
  }
`;

export const FLEET = /* GraphQL */ `
  query Fleet {
    associations(first: 50) {
      edges {
        node {
          associationName
          executions(first: 1) {
            edges {
              node {
                status
                createdTime
              }
            }
          }
        }
      }
    }
  }
`;

/** A small answer, for the per-request overhead under load. */
export const SMALL = /* GraphQL */ `
  query Small($id: ID!) {
    automationExecution(automationExecutionId: $id) {
      automationExecutionId
      automationExecutionStatus
      documentName
    }
  }
`;

const WINDOW_TERMINAL = new Set(['SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED_OVERLAPPING']);

function windowTree(s: Store, key: string, title: string, windowName: string, n: number): BenchQuery {
  const window = s.windows.find((w) => w.Name === windowName);
  if (!window) throw new Error(`bench: no maintenance window named ${windowName} in the dataset`);
  const executions = (s.windowExecutionsByWindow.get(window.WindowId!) ?? []).slice(0, n);
  const tasks = executions.map((e) => (s.tasksByWindowExecution.get(e.WindowExecutionId!) ?? []).slice(0, 20));
  const taskList = tasks.flat();
  const invocations = taskList.map((t) => (s.invocationsByTask.get(`${t.WindowExecutionId}/${t.TaskExecutionId}`) ?? []).slice(0, 25));
  const automationIds = new Set(
    invocations.flat().filter((i) => i.TaskType === 'AUTOMATION' && i.ExecutionId && s.automationById.has(i.ExecutionId)).map((i) => i.ExecutionId!),
  );
  const execPages = pages(executions.length, 'DescribeMaintenanceWindowExecutions');
  const taskPages = tasks.map((t) => pages(t.length, 'DescribeMaintenanceWindowExecutionTasks'));
  const invPages = invocations.map((i) => pages(i.length, 'DescribeMaintenanceWindowExecutionTaskInvocations'));
  const perId = maxFilterValues('AutomationExecutionFilter');
  const autoCalls = Math.ceil(automationIds.size / perId);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const calls = 1 + execPages + sum(taskPages) + sum(invPages) + autoCalls;
  const levels = [1 + 1, sum(taskPages), sum(invPages), autoCalls].filter((x) => x > 0);
  const depth = execPages + Math.max(0, ...taskPages) + Math.max(0, ...invPages) + (autoCalls ? 1 : 0);
  const terminal =
    executions.every((e) => WINDOW_TERMINAL.has(e.Status ?? '')) &&
    [...automationIds].every((id) => isTerminalAutomationStatus(s.automationById.get(id)!.AutomationExecutionStatus));
  return {
    key,
    title: `${title}: ${windowName}, ${executions.length} executions, ${taskList.length} tasks, ${sum(invocations.map((i) => i.length))} invocations, ${automationIds.size} automations`,
    query: WINDOW_TREE,
    variables: { windowId: window.WindowId, n },
    terminal,
    bound: {
      calls,
      levels,
      depth,
      formula:
        `GetMaintenanceWindow 1 + executions pages(${executions.length}/100)=${execPages} + tasks Σpages(T_e/100)=${sum(taskPages)}` +
        ` + invocations Σpages(I_t/100)=${sum(invPages)} + automations ceil(${automationIds.size}/${perId})=${autoCalls}`,
    },
  };
}

function steps500(s: Store): BenchQuery {
  const big = s.automations
    .filter((a) => (a.StepExecutions?.length ?? 0) >= 500 && isTerminalAutomationStatus(a.AutomationExecutionStatus))
    .sort((a, b) => b.StepExecutions!.length - a.StepExecutions!.length)[0];
  if (!big) throw new Error('bench: no terminal automation with at least 500 steps in the dataset');
  const listed = big.StepExecutions!.slice(0, 500);
  const listedIds = new Set(listed.map((st) => st.StepExecutionId));
  const parents = new Set(listed.map((st) => st.ParentStepDetails?.StepExecutionId).filter((p): p is string => !!p));
  const missing = [...parents].filter((p) => !listedIds.has(p));
  const perId = maxFilterValues('StepExecutionFilter');
  const stepPages = pages(listed.length, 'DescribeAutomationStepExecutions');
  const parentCalls = Math.ceil(missing.length / perId);
  return {
    key: 'b',
    title: `(b) 500 steps with parent links: ${big.AutomationExecutionId}, ${big.StepExecutions!.length} steps, ${listed.filter((st) => st.ParentStepDetails).length} of the first 500 with a parent (${parents.size} distinct, ${missing.length} outside the 500)`,
    query: STEPS_500,
    variables: { id: big.AutomationExecutionId },
    terminal: true,
    bound: {
      calls: stepPages + parentCalls,
      levels: [...Array(stepPages).fill(1), ...(parentCalls ? [parentCalls] : [])],
      depth: stepPages + (parentCalls ? 1 : 0),
      formula: `steps pages(500/50)=${stepPages} (sequential) + parents outside the listed pages ceil(${missing.length}/${perId})=${parentCalls}; the execution itself: 0 (only its ID is selected)`,
    },
  };
}

function fleet(s: Store): BenchQuery {
  const associations = s.associations.slice(0, 50);
  const listPages = pages(associations.length, 'ListAssociations');
  const execCalls = associations.length; // one page each: pages(min(1, count), 50) = 1, even for none
  const withNone = associations.filter((a) => (s.executionsByAssociation.get(a.AssociationId!) ?? []).length === 0).length;
  return {
    key: 'c',
    title: `(c) fleet overview: 50 associations (${withNone} without executions) with their latest execution`,
    query: FLEET,
    variables: {},
    terminal: false, // the association list and "latest execution" can change: mutable TTL
    bound: {
      calls: listPages + execCalls,
      levels: [listPages, execCalls],
      depth: listPages + 1,
      formula: `ListAssociations pages(50/50)=${listPages} + DescribeAssociationExecutions 1 per association=${execCalls}`,
    },
  };
}

export function benchQueries(data: Dataset, opts: { heavyWindow: boolean }): BenchQuery[] {
  const s = new Store(data);
  const out = [windowTree(s, 'a', '(a) window history tree', 'patch-linux-fleet-2', 5)];
  if (opts.heavyWindow) out.push(windowTree(s, 'a2', '(a2) wide window tree', 'weekend-maintenance-all-4', 5));
  out.push(steps500(s), fleet(s));
  return out;
}

/** The terminal automation with the most steps, for SMALL. */
export function smallQuery(data: Dataset): { query: string; variables: Record<string, unknown> } {
  const s = new Store(data);
  const a = s.automations.find((x) => isTerminalAutomationStatus(x.AutomationExecutionStatus))!;
  return { query: SMALL, variables: { id: a.AutomationExecutionId } };
}
