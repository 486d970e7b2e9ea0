/**
 * The errors the emulator answers, by their AWS names (`__type`).
 *
 * Contract: a `ServiceError` thrown anywhere in request handling becomes an HTTP
 * response with the error's status (400, or 500 for InternalServerError) and
 * body `{"__type": name, "message": ...}`. Handlers pick the name the model
 * lists for their operation (`modeledErrors`) where SSM has a choice.
 */
import { modeledErrors } from './model.ts';

export class ServiceError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = type === 'InternalServerError' ? 500 : 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/**
 * A bad filter key: `InvalidFilterKey` where the operation models it, otherwise
 * `ValidationException` (maintenance-window and association filters have no
 * dedicated error in the model).
 */
export function invalidFilterKey(op: string, key: unknown): ServiceError {
  const name = modeledErrors(op).has('InvalidFilterKey') ? 'InvalidFilterKey' : 'ValidationException';
  return new ServiceError(name, `The filter key ${String(key)} is not valid for ${op}.`);
}

/** A bad filter value: `InvalidFilterValue` where modeled, otherwise `ValidationException`. */
export function invalidFilterValue(op: string, key: string, value: unknown, why = 'is not valid'): ServiceError {
  const name = modeledErrors(op).has('InvalidFilterValue') ? 'InvalidFilterValue' : 'ValidationException';
  return new ServiceError(name, `The filter value ${JSON.stringify(value)} for key ${key} ${why}.`);
}
