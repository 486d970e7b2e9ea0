/**
 * The AWS Query protocol as STS speaks it, server side.
 *
 * Contract: a call is `POST /` with a form-encoded body
 * (`Action=AssumeRole&Version=2011-06-15&...`). A success is
 * `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>
 * <RequestId/></ResponseMetadata></{Action}Response>`; an error is
 * `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>`, both in STS's namespace, `text/xml`, with
 * `x-amzn-RequestId`.
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export const STS_VERSION = '2011-06-15';
const NS = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

/** An STS error: its Query `Code`, HTTP status and message. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

export const xmlEscape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Members as XML elements, nested objects as nested elements; undefined members left out. */
export function toXml(members: Record<string, unknown>): string {
  let out = '';
  for (const [k, v] of Object.entries(members)) {
    if (v === undefined) continue;
    const inner = v instanceof Date ? v.toISOString().replace(/\.\d{3}Z$/, 'Z') : typeof v === 'object' && v !== null ? toXml(v as Record<string, unknown>) : xmlEscape(String(v));
    out += `<${k}>${inner}</${k}>`;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendResult(res: ServerResponse, action: string, result: Record<string, unknown>): void {
  const id = randomUUID();
  send(res, 200, `<${action}Response xmlns="${NS}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`, id);
}

export function sendStsError(res: ServerResponse, err: StsError): void {
  const id = randomUUID();
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  send(res, err.status, `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`, id);
}
