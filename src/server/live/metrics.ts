/**
 * The live hub's Prometheus metrics, read from its statistics when scraped:
 * `ssm_graph_live_subscriptions` (open streams), `ssm_graph_live_cohorts`
 * (operations polled), `ssm_graph_live_watched` (executions watched: one poll
 * each per tick), and the counters `ssm_graph_live_polls_total` and
 * `ssm_graph_live_events_total` (events sent, counted per subscriber),
 * `ssm_graph_live_relayed_total` (ticks another replica polled). Polls'
 * upstream calls are in `ssm_graph_upstream_calls_total` like every call.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LiveHub, LiveStats } from './hub.ts';

export function registerLiveMetrics(registry: Registry, hub: Pick<LiveHub, 'stats'>): void {
  const registers = [registry];
  const gauge = (name: string, help: string, of: (s: LiveStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(of(hub.stats()));
      },
    });
  // A counter that mirrors a count the hub keeps (it only grows).
  const counter = (name: string, help: string, of: (s: LiveStats) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(of(hub.stats()));
      },
    });
  gauge('ssm_graph_live_subscriptions', 'Open subscription streams', (s) => s.subscriptions);
  gauge('ssm_graph_live_cohorts', 'Subscribed operations (document and variables), each polled once per tick', (s) => s.cohorts);
  gauge('ssm_graph_live_watched', 'Executions watched, their cohorts polled together', (s) => s.targets);
  counter('ssm_graph_live_polls_total', 'Live polls answered', (s) => s.polls);
  counter('ssm_graph_live_relayed_total', 'Ticks heard from the replica holding a watched execution\'s lease (REDIS_URL), instead of polling', (s) => s.relayed);
  counter('ssm_graph_live_events_total', 'Events sent to subscribers, one per subscriber', (s) => s.events);
}
