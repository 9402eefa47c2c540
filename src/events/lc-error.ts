import type { LcErrorKind } from '../core/adapter.js';

export interface LcErrorDetail {
  /** The adapter error kind, or `invalid-record` when a record read back failed validation. */
  kind: LcErrorKind | 'invalid-record';
  /** A human-readable, already translated message. */
  message: string;
  /** What was being done: `read`, `write`, `remove`, `validate`, `identify`. */
  operation: string;
  collection?: string;
  recordId?: string;
  /** The original error, for logging. */
  error?: unknown;
}

/** Fired when an adapter call fails or bad data is dropped. Never cancelable: it reports. */
export class LcErrorEvent extends Event {
  readonly detail: LcErrorDetail;
  constructor(detail: LcErrorDetail) {
    super('lc-error', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-error': LcErrorEvent;
  }
}
