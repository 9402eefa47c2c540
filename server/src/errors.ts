/**
 * The protocol's one error shape: `{ "error": { "kind", "message" } }`, with the kinds of the
 * browser's `LcAdapterError` and the HTTP status each one travels with.
 */

export type ErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'unavailable' | 'unsupported';

export const STATUS_OF: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  unsupported: 501,
};

/** Thrown anywhere in a request; the error handler turns it into the JSON error body. */
export class HttpError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(kind: ErrorKind, message: string, options: { status?: number; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HttpError';
    this.kind = kind;
    this.status = options.status ?? STATUS_OF[kind];
    this.headers = options.headers ?? {};
  }
}

export const invalid = (message: string, status?: number) => new HttpError('invalid', message, { status });
export const forbidden = (message: string) => new HttpError('forbidden', message);
export const unauthorized = (message: string) => new HttpError('unauthorized', message);
export const notFound = (message: string) => new HttpError('not-found', message);

/** The kind a status maps to when something other than our code answered (Fastify's own errors). */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 405) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 501) return 'unsupported';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'invalid';
}

export function errorBody(kind: ErrorKind, message: string): { error: { kind: ErrorKind; message: string } } {
  return { error: { kind, message } };
}
