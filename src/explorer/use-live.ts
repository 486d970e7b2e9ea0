/**
 * `useLive(doc, variables, onEvent)`: keeps one subscription open while
 * `variables` is set (a new object opens a new stream, so a Refresh that
 * finds the execution still running subscribes again), stops it on unmount,
 * and says how the stream stands, for the view's live indicator.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GqlResult } from './client.ts';
import type { TadaDocumentNode } from './graphql.ts';
import { watch } from './live.ts';

export type LiveStatus =
  /** Not watched: the execution has ended, or is not loaded yet. */
  | { kind: 'off' }
  /** Subscribed; no event yet. */
  | { kind: 'connecting' }
  /** Events arrive as the execution changes. */
  | { kind: 'live' }
  /** The gateway ended the stream: after the terminal state, or early (shutdown), when `early` says so. */
  | { kind: 'ended'; early: boolean }
  /** The stream could not be opened or broke (`code`); Refresh is the way to newer data. */
  | { kind: 'failed'; code: string };

export function useLive<R, V>(
  doc: TadaDocumentNode<R, V>,
  variables: V | undefined,
  onEvent: (result: GqlResult<R>) => void,
  /** Whether an event shows a terminal state (so the stream's completion after it is its normal end). */
  isTerminal: (result: GqlResult<R>) => boolean,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>({ kind: 'off' });
  const handlers = useRef({ onEvent, isTerminal });
  handlers.current = { onEvent, isTerminal };
  useEffect(() => {
    if (variables === undefined) return void setStatus({ kind: 'off' });
    setStatus({ kind: 'connecting' });
    let terminal = false;
    return watch(doc, variables, {
      next(result) {
        terminal = handlers.current.isTerminal(result);
        setStatus((s) => (s.kind === 'live' ? s : { kind: 'live' }));
        handlers.current.onEvent(result);
      },
      complete: () => setStatus({ kind: 'ended', early: !terminal }),
      error: (code) => setStatus({ kind: 'failed', code }),
    });
  }, [doc, variables]);
  return status;
}
