/**
 * The live stack: the gateway on a real port over the emulator in live mode on
 * a manual clock (time moves only by `advance`), subscribed to over SSE with
 * graphql-sse's own client. `manualTicks()` lets a test run the polls one tick
 * at a time (exact call counts); without it polls run on real timers with a
 * short LIVE_POLL_MS.
 */
import { createClient, type Client } from 'graphql-sse';
import { ANCHOR_MS, generateDataset } from '../../../src/emulator/generate.ts';
import { createManualClock, type ManualClock } from '../../../src/emulator/index.ts';
import type { Dataset } from '../../../src/emulator/dataset.ts';
import type { LivePlans, Plan } from '../../../src/emulator/live/plan.ts';
import type { FaultRule } from '../../../src/emulator/faults.ts';
import type { LiveTimers } from '../../../src/server/live/index.ts';
import { serve, type Served } from '../../../src/server/serve.ts';
import { callKeys, startStack, type GraphQLResponse, type Stack } from '../../helpers/stack.ts';

export const LIVE_DATA = generateDataset({ seed: 1, live: true });

/** Polls within `ms` or throws, naming what was awaited. */
export async function until(what: string, holds: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The plan of the automation in progress at the data's `now` that changes most often, and the times it changes. */
export function runningAutomation(data: Dataset = LIVE_DATA, document?: string): { id: string; changes: number[]; end: number } {
  const plans = (data.live as LivePlans).plans.filter(
    (p: Plan) => p.kind === 'automation' && p.atNow && (!document || p.full.DocumentName === document) && !p.full.ParentAutomationExecutionId,
  );
  const plan = plans.sort((a, b) => b.events.length - a.events.length)[0];
  const end = (plan.full.ExecutionEndTime as Date).getTime();
  return { id: String(plan.full.AutomationExecutionId), changes: plan.events.filter((t) => t > ANCHOR_MS && t <= end), end };
}

/** A window execution in progress at the data's `now`. */
export function runningWindowExecution(data: Dataset = LIVE_DATA): { id: string; end: number } {
  const plan = (data.live as LivePlans).plans.find((p: Plan) => p.kind === 'windowExecution' && p.atNow)!;
  return { id: String(plan.full.WindowExecutionId), end: (plan.full.EndTime as Date).getTime() };
}

/** Two selections of one automation, for the shared-polling tests: its status and steps, and its times. */
export const STATUS = `subscription Status($id: ID!) {
  automationExecution(automationExecutionId: $id) {
    automationExecutionStatus currentStepName
    steps(first: 100) { edges { node { stepName stepStatus iteration } } }
  }
}`;
export const TIMES = `subscription Times($id: ID!) {
  automationExecution(automationExecutionId: $id) {
    documentName executionStartTime
    steps(first: 10) { edges { node { stepName executionStartTime executionEndTime } } }
  }
}`;

/** Calls as `Operation:input`, sorted, their NextToken (signed by each emulator with its own key) blanked. */
export const keysOf = (calls: Parameters<typeof callKeys>[0]) => callKeys(calls).map((k) => k.replace(/"NextToken":"[^"]+"/, '"NextToken":"…"')).sort();

export interface Watch<D = any> {
  readonly events: GraphQLResponse<D>[];
  readonly completed: boolean;
  readonly error: unknown;
  dispose(): void;
}

/** Ticks a test runs itself: `fire()` runs every tick due and waits for them. */
export interface ManualTicks extends LiveTimers {
  /** The delays targets asked for, in order. */
  readonly delays: number[];
  pending(): number;
  fire(): Promise<void>;
}

export function manualTicks(): ManualTicks {
  const due = new Map<number, () => Promise<void>>();
  const delays: number[] = [];
  let id = 0;
  return {
    set(tick, ms) {
      delays.push(ms);
      due.set(++id, tick);
      return id;
    },
    clear: (handle) => void due.delete(handle as number),
    pending: () => due.size,
    delays,
    async fire() {
      const ticks = [...due.values()];
      due.clear();
      await Promise.all(ticks.map((t) => t()));
    },
  };
}

export interface LiveStack extends Stack {
  clock: ManualClock;
  served: Served;
  watch<D = any>(query: string, variables?: Record<string, unknown>): Watch<D>;
}

export interface LiveStackOptions {
  env?: Record<string, string>;
  faults?: FaultRule[];
  ticks?: LiveTimers;
  data?: Dataset;
}

export async function startLive(opts: LiveStackOptions = {}): Promise<LiveStack> {
  const clock = createManualClock(ANCHOR_MS);
  const stack = await startStack({
    data: opts.data ?? LIVE_DATA,
    live: true,
    clock,
    faults: opts.faults,
    liveTimers: opts.ticks,
    env: { LIVE_POLL_MS: '10', LIVE_POLL_MAX_MS: '40', ...opts.env },
  });
  const served = await serve(stack.gateway, { ...stack.gateway.config, port: 0, host: '127.0.0.1' });
  const client = createClient({ url: served.url, retryAttempts: 0 });
  return {
    ...stack,
    clock,
    served,
    watch: watcher(client),
    async close() {
      client.dispose();
      await served.close();
      await stack.close();
    },
  };
}

/** Subscribes through graphql-sse's `client`, collecting what it receives. */
export function watcher(client: Client): LiveStack['watch'] {
  return (query, variables) => {
    const events: GraphQLResponse[] = [];
    let completed = false;
    let error: unknown;
    const dispose = client.subscribe(
      { query, variables },
      { next: (e) => void events.push(e as GraphQLResponse), error: (e) => void (error = e), complete: () => void (completed = true) },
    );
    return {
      events,
      get completed() {
        return completed;
      },
      get error() {
        return error;
      },
      dispose,
    };
  };
}

/** A raw SSE response read as text, as curl or EventSource sees it. */
export interface RawStream {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  readonly text: string;
  /** The `data:` of each `event: next`, parsed. */
  events(): GraphQLResponse[];
  readonly ended: boolean;
  cancel(): Promise<void>;
}

export async function openStream(url: string, init: RequestInit = {}): Promise<RawStream> {
  const res = await fetch(url, { ...init, headers: { accept: 'text/event-stream', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  let text = '';
  let ended = false;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
    } catch {
      // cancelled
    }
    ended = true;
  })();
  return {
    status: res.status,
    headers: res.headers,
    get text() {
      return text;
    },
    events: () => [...text.matchAll(/event: next\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]) as GraphQLResponse),
    get ended() {
      return ended;
    },
    cancel: () => reader.cancel(),
  };
}
