/** Display of times, durations and statuses, the same in every view. */

/** `2025-12-30 00:10:46 UTC`: SSM's timestamps in one zone, whatever the browser's. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `850 ms`, `44 s`, `3 min 12 s`, `5 h 2 min`, `12 d 3 h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** The time between two ISO timestamps, or from `start` to `now` when it has not ended. */
export function span(start: string | null | undefined, end: string | null | undefined, now = Date.now()): string {
  if (!start) return '—';
  return formatDuration((end ? Date.parse(end) : now) - Date.parse(start));
}

export interface Located {
  accountId?: string | null;
  region?: string | null;
}

/** `111111111111 · eu-west-1`: where a record lives (the home account's ID may not be known yet). */
export const formatLocation = (l: Located): string => `${l.accountId ?? 'home account'} · ${l.region ?? 'home region'}`;

export const sameLocation = (a: Located, b: Located): boolean => a.accountId === b.accountId && a.region === b.region;

export type Tone = 'ok' | 'bad' | 'running' | 'neutral';

// SSM spells statuses per API (Success, SUCCESS, CompletedWithSuccess, ...): one table for all.
const TONES: Record<string, Tone> = {
  success: 'ok',
  completedwithsuccess: 'ok',
  approved: 'ok',
  failed: 'bad',
  timedout: 'bad',
  cancelled: 'bad',
  completedwithfailure: 'bad',
  rejected: 'bad',
  changecalendaroverriderejected: 'bad',
  inprogress: 'running',
  pending: 'running',
  waiting: 'running',
  cancelling: 'running',
  runbookinprogress: 'running',
  pendingapproval: 'running',
  pendingchangecalendaroverride: 'running',
  scheduled: 'running',
  delayed: 'running',
  // A location's state (Query.locations).
  ok: 'ok',
  forbidden: 'bad',
  unavailable: 'bad',
};

export function toneOf(status: string | null | undefined): Tone {
  return TONES[(status ?? '').replace(/[_\s-]/g, '').toLowerCase()] ?? 'neutral';
}

/** Whether an execution with this status may still change (so a refresh can show more). */
export const isLive = (status: string | null | undefined) => toneOf(status) === 'running';
