/** What every resolver receives. The server builds it per request (see src/server/request-context.ts). */
import type { SsmApi } from '../ssm/index.ts';
import type { ConnectionLimits } from './connection.ts';
import type { CursorCodec } from './cursor.ts';
import type { SelectionPlan } from './selections.ts';

export interface SchemaContext {
  /** This request's SSM access: loaders, pages and the call count. */
  ssm: SsmApi;
  cursors: CursorCodec;
  limits: ConnectionLimits;
  /** The operation's plan, when the server planned it before execution (src/server/preflight/). */
  preflight?: { plan: SelectionPlan };
  /**
   * Every connection's first page is the operation's largest, whatever `first`
   * asks (connection.ts, `firstPageAt`). Live polls set it: the cohorts that
   * watch one execution then read the same pages, whatever their `first`, and
   * share them through the cache.
   */
  fullPages?: boolean;
  /**
   * Adds an error to the response, at `path`, for a part of a field that failed
   * while the field itself answers (one location of a merged connection).
   */
  report(error: unknown, path: readonly (string | number)[]): void;
}
