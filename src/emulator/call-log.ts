/**
 * The call log: one record per SSM or STS call (never for `/_emulator/*`).
 *
 * Contract: a record is appended when the request arrives (in arrival order,
 * `seq` from 1) and completed when the response is sent: `status` is 0 and
 * `durationMs` 0 while no response has been sent (in flight, or hung and then
 * abandoned by the client). `input` is the parsed request body as sent
 * (undefined when it was not JSON; STS's form parameters as an object);
 * `error` is the `__type` (SSM) or `Code` (STS) of an error answer.
 * `accountId` and `region` are where the call was routed: the account of its
 * access key (absent when the key is unknown) and the region of its SigV4
 * scope (the default region when it was not signed).
 * The log keeps the latest `limit` records (default 100,000) so long benchmark
 * runs do not grow memory without bound; `seq` keeps counting.
 */
export interface CallRecord {
  seq: number;
  service: 'ssm' | 'sts';
  operation: string;
  accountId?: string;
  region: string;
  input: unknown;
  /** Arrival time, ms since the epoch. */
  at: number;
  durationMs: number;
  /** HTTP status; 0 while unanswered. */
  status: number;
  error?: string;
}

export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  constructor(private readonly limit = 100_000) {}

  start(operation: string, input: unknown, at: number, where: Pick<CallRecord, 'service' | 'accountId' | 'region'>): CallRecord {
    const rec: CallRecord = { seq: ++this.seq, service: where.service, operation, ...(where.accountId ? { accountId: where.accountId } : {}), region: where.region, input, at, durationMs: 0, status: 0 };
    this.records.push(rec);
    if (this.records.length > this.limit + this.limit / 10) this.records.splice(0, this.records.length - this.limit);
    return rec;
  }

  finish(rec: CallRecord, status: number, end: number, error?: string): void {
    rec.status = status;
    rec.durationMs = end - rec.at;
    if (error) rec.error = error;
  }

  /** A deep copy: callers cannot alter the log. */
  list(): CallRecord[] {
    return structuredClone(this.records);
  }

  clear(): void {
    this.records = [];
    this.seq = 0;
  }
}

/** The most records whose arrival (`at`) falls in one window [t, t + 1000 ms): what a per-second rate limit is checked against. */
export function busiestSecond(records: readonly Pick<CallRecord, 'at'>[]): number {
  const at = records.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
