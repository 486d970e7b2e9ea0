/**
 * AWS JSON 1.1 wire protocol, server side.
 *
 * Contract:
 * - A call is `POST /` with `X-Amz-Target: AmazonSSM.<Operation>` and a JSON
 *   object body (an empty body is read as `{}`). Signatures are not verified;
 *   the caller's key and scope are read by `credentials.ts`.
 * - Missing or foreign target, or an operation the emulator does not serve →
 *   400 UnknownOperationException; a body that is not a JSON object → 400
 *   SerializationException.
 * - Every response carries `x-amzn-RequestId`, and is
 *   `application/x-amz-json-1.1`. Errors are `{"__type", "message"}` (plus
 *   `Message` when the model's error shape has that member) with header
 *   `x-amzn-ErrorType`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServiceError } from './errors.ts';
import { TARGET_PREFIX, model, operation } from './model.ts';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Reads the whole request body as text (bounded to 10 MiB). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 10 * 1024 * 1024) {
        reject(new ServiceError('SerializationException', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The operation named by `X-Amz-Target`, or the UnknownOperationException AWS answers. */
export function targetOperation(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || target === '') {
    throw new ServiceError('UnknownOperationException', 'Missing X-Amz-Target header.');
  }
  const dot = target.lastIndexOf('.');
  const prefix = target.slice(0, dot);
  const op = target.slice(dot + 1);
  if (dot < 0 || prefix !== TARGET_PREFIX || !operation(op)) {
    throw new ServiceError('UnknownOperationException', `Operation ${target} is not supported.`);
  }
  return op;
}

/** Parses a JSON 1.1 body: it must be a JSON object. */
export function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return v as Record<string, unknown>;
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseHeaders(), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ServiceError): void {
  const body: Record<string, string> = { __type: err.type, message: err.message };
  if (model.shapes[err.type]?.members?.Message) body.Message = err.message;
  const text = JSON.stringify(body);
  res.writeHead(err.status, {
    ...baseHeaders(),
    'x-amzn-errortype': err.type,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
