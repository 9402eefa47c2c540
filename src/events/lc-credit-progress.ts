export interface LcCreditProgressDetail {
  programId: string;
  /** The current period, as an ISO interval `start/end`. */
  periodKey: string;
  /** How far the viewer is toward the period's requirements, 0–100 (approved credit only; each requirement counts up to its target). */
  percent: number;
  /** True when every requirement is met. */
  complete: boolean;
}

/**
 * Fired by `<lc-credit-tracker>` when the viewer's progress in the current period changes — and
 * once when it is first known after loading — so a host (an LMS adapter, a dashboard) can report it.
 * Not fired again while the progress stays the same.
 */
export class LcCreditProgressEvent extends Event {
  readonly detail: LcCreditProgressDetail;
  constructor(detail: LcCreditProgressDetail) {
    super('lc-credit-progress', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-credit-progress': LcCreditProgressEvent;
  }
}
